package bzh.estran.auth;

import bzh.estran.errors.Unauthorized;
import bzh.estran.errors.Unavailable;
import bzh.estran.tenancy.core.Names;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies OIDC bearer JWTs from the configured issuers ({@code ESTRAN_OIDC_ISSUERS}): signature
 * (RS256 or ES256) against the issuer's JWK set, fetched over HTTP and cached, and fetched again
 * when a token names a key it does not know (how key rotation reaches Estran); then {@code iss},
 * {@code aud} ({@code ESTRAN_OIDC_AUDIENCE}), {@code exp} (60 s of clock skew, by the injected
 * clock), {@code nbf}, {@code sub} and {@code email}, and {@code email_verified} when present.
 *
 * <p>Every refusal is an {@link Unauthorized} whose message never repeats the token; when the
 * issuer's keys cannot be fetched at all, {@link Unavailable}.
 */
public final class OidcVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(OidcVerifier.class);

  /** Three base64url parts; the last may be empty (an unsigned {@code alg: none} token). */
  private static final Pattern JWT_SHAPE =
      Pattern.compile("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$");

  static final int CLOCK_SKEW_SECONDS = 60;
  private static final Duration KEYS_TIME_TO_LIVE = Duration.ofMinutes(5);
  private static final Duration KEYS_REFRESH_TIMEOUT = Duration.ofSeconds(15);
  private static final int HTTP_TIMEOUT_MILLIS = 2_000;
  private static final int JWKS_SIZE_LIMIT_BYTES = 512 * 1024;
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new HashMap<>();

  /**
   * @param issuers issuer ({@code iss} value) to the URL of its JWK set; empty: OIDC is off
   * @param audience what {@code aud} must contain
   * @param clock the time {@code exp} and {@code nbf} are checked against
   */
  public OidcVerifier(Map<String, URI> issuers, String audience, Clock clock) {
    for (Map.Entry<String, URI> issuer : issuers.entrySet()) {
      processors.put(
          issuer.getKey(), processor(issuer.getKey(), issuer.getValue(), audience, clock));
    }
  }

  /** One that accepts no token: OIDC not configured. */
  public static OidcVerifier disabled() {
    return new OidcVerifier(Map.of(), "estran", Clock.systemUTC());
  }

  /** Whether any issuer is configured. */
  public boolean enabled() {
    return !processors.isEmpty();
  }

  /** Whether a bearer value has the shape of a JWT (API tokens never do). */
  public static boolean looksLikeJwt(String token) {
    return token != null && JWT_SHAPE.matcher(token).matches();
  }

  /** The token's claims once verified; {@link Unauthorized} saying why it is refused otherwise. */
  public OidcClaims verify(String token) {
    SignedJWT signed = signed(token);
    String issuer;
    try {
      issuer = signed.getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      throw new Unauthorized("The sign-in token's claims are not readable.");
    }
    DefaultJWTProcessor<SecurityContext> processor = issuer == null ? null : processors.get(issuer);
    if (processor == null) {
      throw new Unauthorized("The sign-in token's issuer is not accepted here.");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(signed, null);
    } catch (BadJWTException e) {
      throw new Unauthorized(
          "The sign-in token's claims are not accepted: " + e.getMessage() + ".");
    } catch (BadJWSException e) {
      throw new Unauthorized("The sign-in token's signature does not verify.");
    } catch (BadJOSEException e) {
      throw new Unauthorized(
          "The sign-in token is signed with an algorithm or a key that its issuer does not publish.");
    } catch (RateLimitReachedException e) {
      throw new Unauthorized(
          "The sign-in token is signed with a key that its issuer does not publish.");
    } catch (KeySourceException e) {
      LOG.warn("Cannot fetch the signing keys of OIDC issuer {}: {}", issuer, e.getMessage());
      throw new Unavailable(
          "The identity provider's signing keys cannot be fetched; try again later.");
    } catch (JOSEException e) {
      throw new Unauthorized("The sign-in token could not be verified.");
    }
    return toClaims(issuer, claims);
  }

  private static SignedJWT signed(String token) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw new Unauthorized("The bearer token is neither an API token nor a readable JWT.");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new Unauthorized("Only signed sign-in tokens are accepted.");
    }
    return signed;
  }

  private static OidcClaims toClaims(String issuer, JWTClaimsSet claims) {
    String email;
    String name;
    try {
      email = claims.getStringClaim("email");
      name = claims.getStringClaim("name");
    } catch (ParseException e) {
      throw new Unauthorized("The sign-in token's email or name claim is not a string.");
    }
    if (email == null || !Names.isEmail(email.trim())) {
      throw new Unauthorized("The sign-in token's email claim is not an e-mail address.");
    }
    email = email.trim().toLowerCase(Locale.ROOT);
    Object verified = claims.getClaim("email_verified");
    if (verified != null && !Boolean.TRUE.equals(verified) && !"true".equals(verified)) {
      throw new Unauthorized("The sign-in token's e-mail address is not verified.");
    }
    if (name == null || name.isBlank()) {
      name = email.substring(0, email.indexOf('@'));
    }
    name = name.trim();
    if (name.length() > 200) {
      name = name.substring(0, 200);
    }
    return new OidcClaims(issuer, claims.getSubject(), email, name);
  }

  private static DefaultJWTProcessor<SecurityContext> processor(
      String issuer, URI jwksUrl, String audience, Clock clock) {
    JWKSource<SecurityContext> keys;
    try {
      keys =
          JWKSourceBuilder.<SecurityContext>create(
                  jwksUrl.toURL(),
                  new DefaultResourceRetriever(
                      HTTP_TIMEOUT_MILLIS, HTTP_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT_BYTES))
              .cache(KEYS_TIME_TO_LIVE.toMillis(), KEYS_REFRESH_TIMEOUT.toMillis())
              .refreshAheadCache(false)
              .retrying(true)
              .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a JWK set URL: " + jwksUrl, e);
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    processor.setJWTClaimsSetVerifier(new ClaimsVerifier(issuer, audience, clock));
    return processor;
  }

  /** Nimbus's claims checks, with "now" read from Estran's clock rather than the system's. */
  private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

    private final Clock clock;

    ClaimsVerifier(String issuer, String audience, Clock clock) {
      super(
          Set.of(audience),
          new JWTClaimsSet.Builder().issuer(issuer).build(),
          new HashSet<>(Set.of("sub", "exp", "email")),
          null);
      this.clock = clock;
      setMaxClockSkew(CLOCK_SKEW_SECONDS);
    }

    @Override
    protected Date currentTime() {
      return Date.from(clock.instant());
    }
  }
}
