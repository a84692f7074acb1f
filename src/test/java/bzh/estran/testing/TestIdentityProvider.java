package bzh.estran.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenID provider as far as Estran sees one: RSA signing keys, their public JWK set served over
 * HTTP on 127.0.0.1 (a free port), and signed tokens. It can rotate to a new key, and counts how
 * often its JWK set was fetched.
 */
public final class TestIdentityProvider implements AutoCloseable {

  private final HttpServer server;
  private final String issuer;
  private final AtomicReference<RSAKey> current;
  private final AtomicReference<List<RSAKey>> published;
  private final AtomicInteger fetches = new AtomicInteger();

  private TestIdentityProvider(String realm) {
    RSAKey key = newKey();
    this.current = new AtomicReference<>(key);
    this.published = new AtomicReference<>(List.of(key));
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/" + realm;
    server.createContext(
        "/realms/" + realm + "/certs",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body =
              new JWKSet(List.copyOf(published.get()))
                  .toPublicJWKSet()
                  .toString()
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.createContext(
        "/realms/" + realm + "/.well-known/openid-configuration",
        exchange -> {
          byte[] body =
              ("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUrl() + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  /** A provider for {@code realm}; its issuer is {@code http://127.0.0.1:<port>/realms/<realm>}. */
  public static TestIdentityProvider start(String realm) {
    return new TestIdentityProvider(realm);
  }

  /** A fresh 2048-bit RSA signing key with a random key id. */
  public static RSAKey newKey() {
    try {
      return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public String issuer() {
    return issuer;
  }

  public String jwksUrl() {
    return issuer + "/certs";
  }

  /**
   * The {@code ESTRAN_OIDC_PROVIDERS} entry (a JSON object) for this provider, with its JWK set URL
   * and the e-mail domains it may vouch for.
   */
  public String providerSetting(String... domains) {
    return "{\"issuer\":\""
        + issuer()
        + "\",\"jwksUrl\":\""
        + jwksUrl()
        + "\",\"domains\":["
        + java.util.Arrays.stream(domains)
            .map(domain -> "\"" + domain + "\"")
            .collect(java.util.stream.Collectors.joining(","))
        + "]}";
  }

  /**
   * An {@code ESTRAN_OIDC_PROVIDERS} entry with no {@code jwksUrl} (keys found through the
   * discovery document) and a CLI client id.
   */
  public String discoveredProviderSetting(String cliClientId, String... domains) {
    return providerSetting(domains)
        .replace(",\"jwksUrl\":\"" + jwksUrl() + "\"", "")
        .replace("}", ",\"cliClientId\":\"" + cliClientId + "\",\"name\":\"Test " + issuer + "\"}");
  }

  /** {@code ESTRAN_OIDC_PROVIDERS} for these entries (see {@link #providerSetting}). */
  public static String providersSetting(String... entries) {
    return "[" + String.join(",", entries) + "]";
  }

  /** The key tokens are signed with now. */
  public RSAKey currentKey() {
    return current.get();
  }

  /** How many times the JWK set has been fetched. */
  public int jwksFetches() {
    return fetches.get();
  }

  /** Switches to a new key (new key id) and publishes only that one; returns it. */
  public RSAKey rotate() {
    RSAKey key = newKey();
    current.set(key);
    published.set(List.of(key));
    return key;
  }

  /**
   * Claims a token of this provider would carry: iss, sub, aud, email, name, iat, exp (in 10
   * minutes).
   */
  public JWTClaimsSet.Builder claims(String email, String audience, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject("sub-" + UUID.nameUUIDFromBytes(email.getBytes(StandardCharsets.UTF_8)))
        .audience(audience)
        .claim("email", email)
        .claim("email_verified", true)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
  }

  /** The claims signed (RS256) with the current key. */
  public String sign(JWTClaimsSet claims) {
    return sign(claims, current.get());
  }

  /** The claims signed (RS256) with {@code key}, whose key id goes in the header. */
  public static String sign(JWTClaimsSet claims, RSAKey key) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
