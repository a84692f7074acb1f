package bzh.estran.auth;

import bzh.estran.config.OidcProvider;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies OIDC JWTs from the configured providers ({@code ESTRAN_OIDC_PROVIDERS}): signature
 * (RS256 or ES256) against the issuer's JWK set (its {@code jwksUrl}, or the {@code jwks_uri} of
 * its discovery document), fetched over HTTP and cached, and fetched again when a token names a key
 * it does not know (how key rotation reaches Estran); then {@code iss}, {@code aud}, {@code exp}
 * (60 s of clock skew, by the injected clock), {@code nbf}, {@code sub} and {@code email}, {@code
 * email_verified} when present, and that the e-mail's domain is one the issuer may vouch for.
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

  private final Map<String, Issuer> issuers = new HashMap<>();
  private final List<OidcProvider> providers;
  private final Clock clock;

  /**
   * @param providers the trusted providers; empty: OIDC is off
   * @param audience what {@code aud} of a bearer token must contain ({@code ESTRAN_OIDC_AUDIENCE});
   *     a provider's {@code cliClientId} is accepted too
   * @param clock the time {@code exp} and {@code nbf} are checked against
   */
  public OidcVerifier(List<OidcProvider> providers, String audience, Clock clock) {
    this.clock = clock;
    this.providers = List.copyOf(providers);
    for (OidcProvider provider : providers) {
      Set<String> audiences = new HashSet<>(Set.of(audience));
      provider.cliClientId().ifPresent(audiences::add);
      JWKSource<SecurityContext> keys = keys(provider);
      issuers.put(
          provider.issuer(),
          new Issuer(
              provider,
              keys,
              processor(keys, new ClaimsVerifier(provider.issuer(), audiences, null, clock))));
    }
  }

  /** One that accepts no token: OIDC not configured. */
  public static OidcVerifier disabled() {
    return new OidcVerifier(List.of(), "estran", Clock.systemUTC());
  }

  /** The configured providers, in the order of {@code ESTRAN_OIDC_PROVIDERS}. */
  public List<OidcProvider> providers() {
    return providers;
  }

  /** Whether any issuer is configured. */
  public boolean enabled() {
    return !issuers.isEmpty();
  }

  /** Whether a bearer value has the shape of a JWT (API tokens never do). */
  public static boolean looksLikeJwt(String token) {
    return token != null && JWT_SHAPE.matcher(token).matches();
  }

  /**
   * A bearer token's claims once verified ({@code aud} must contain {@code ESTRAN_OIDC_AUDIENCE} or
   * the issuer's {@code cliClientId}); {@link Unauthorized} saying why it is refused otherwise.
   */
  public OidcClaims verify(String token) {
    SignedJWT signed = signed(token);
    Issuer issuer = issuerOf(signed);
    return verified(issuer, signed, issuer.bearer());
  }

  /**
   * An ID token's claims once verified, for the web pages' code flow: {@code aud} must contain
   * {@code audience} (the pages' client id) and {@code nonce} must equal {@code expectedNonce}.
   */
  public OidcClaims verifyIdToken(String token, String audience, String expectedNonce) {
    if (audience == null
        || audience.isBlank()
        || expectedNonce == null
        || expectedNonce.isBlank()) {
      throw new Unauthorized("The sign-in cannot be checked: no audience or nonce is expected.");
    }
    SignedJWT signed = signed(token);
    Issuer issuer = issuerOf(signed);
    return verified(
        issuer,
        signed,
        processor(
            issuer.keys(),
            new ClaimsVerifier(
                issuer.provider().issuer(), Set.of(audience), expectedNonce, clock)));
  }

  private Issuer issuerOf(SignedJWT signed) {
    String issuer;
    try {
      issuer = signed.getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      throw new Unauthorized("The sign-in token's claims are not readable.");
    }
    Issuer known = issuer == null ? null : issuers.get(issuer);
    if (known == null) {
      throw new Unauthorized("The sign-in token's issuer is not accepted here.");
    }
    return known;
  }

  private OidcClaims verified(
      Issuer issuer, SignedJWT signed, DefaultJWTProcessor<SecurityContext> processor) {
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
      LOG.warn(
          "Cannot fetch the signing keys of OIDC issuer {}: {}",
          issuer.provider().issuer(),
          e.getMessage());
      throw new Unavailable(
          "The identity provider's signing keys cannot be fetched; try again later.");
    } catch (JOSEException e) {
      throw new Unauthorized("The sign-in token could not be verified.");
    }
    OidcClaims verified = toClaims(issuer.provider().issuer(), claims);
    if (!issuer.provider().vouchesFor(verified.email())) {
      LOG.warn(
          "Refused a sign-in token from issuer {} (subject {}): its e-mail domain {} is not one"
              + " this issuer may vouch for ({}); no account was made or changed.",
          issuer.provider().issuer(),
          verified.subject(),
          verified.email().substring(verified.email().lastIndexOf('@') + 1),
          String.join(", ", issuer.provider().domains()));
      throw new Unauthorized(
          "The sign-in token's issuer may not vouch for e-mail addresses of this domain.");
    }
    return verified;
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
    name = name == null ? null : Names.withoutControlCharacters(name);
    if (name == null || name.isBlank()) {
      name = email.substring(0, email.indexOf('@'));
    }
    name = name.trim();
    if (name.length() > 200) {
      name = name.substring(0, 200);
    }
    return new OidcClaims(issuer, claims.getSubject(), email, name);
  }

  /** The provider's keys: from its {@code jwksUrl}, or found through its discovery document. */
  private static JWKSource<SecurityContext> keys(OidcProvider provider) {
    return provider
        .jwksUrl()
        .map(OidcVerifier::keysAt)
        .orElseGet(() -> new DiscoveredKeys(provider, OidcVerifier::keysAt, retriever()));
  }

  static JWKSource<SecurityContext> keysAt(URI jwksUrl) {
    try {
      return JWKSourceBuilder.<SecurityContext>create(jwksUrl.toURL(), retriever())
          .cache(KEYS_TIME_TO_LIVE.toMillis(), KEYS_REFRESH_TIMEOUT.toMillis())
          .refreshAheadCache(false)
          .retrying(true)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a JWK set URL: " + jwksUrl, e);
    }
  }

  private static DefaultResourceRetriever retriever() {
    return new DefaultResourceRetriever(
        HTTP_TIMEOUT_MILLIS, HTTP_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT_BYTES);
  }

  private static DefaultJWTProcessor<SecurityContext> processor(
      JWKSource<SecurityContext> keys, ClaimsVerifier claims) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    processor.setJWTClaimsSetVerifier(claims);
    return processor;
  }

  /** A configured provider, its keys, and the processor of its bearer tokens. */
  private record Issuer(
      OidcProvider provider,
      JWKSource<SecurityContext> keys,
      DefaultJWTProcessor<SecurityContext> bearer) {}

  /** Nimbus's claims checks, with "now" read from Estran's clock rather than the system's. */
  private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

    private final Clock clock;

    ClaimsVerifier(String issuer, Set<String> audiences, String nonce, Clock clock) {
      super(
          audiences,
          nonce == null
              ? new JWTClaimsSet.Builder().issuer(issuer).build()
              : new JWTClaimsSet.Builder().issuer(issuer).claim("nonce", nonce).build(),
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
