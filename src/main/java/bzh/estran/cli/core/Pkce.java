package bzh.estran.cli.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Proof Key for Code Exchange (RFC 7636, method {@code S256}): a random verifier kept by the CLI
 * and its SHA-256 challenge sent with the authorization request.
 *
 * @param verifier 43 characters of base64url (32 random bytes)
 * @param challenge base64url of the verifier's SHA-256
 */
public record Pkce(String verifier, String challenge) {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /** A fresh verifier and its challenge. */
  public static Pkce generate(SecureRandom random) {
    String verifier = randomText(random, 32);
    return new Pkce(verifier, challengeOf(verifier));
  }

  /** The S256 challenge of a verifier. */
  public static String challengeOf(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return BASE64URL.encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code bytes} random bytes as base64url text (for {@code state} and {@code nonce} too). */
  public static String randomText(SecureRandom random, int bytes) {
    byte[] buffer = new byte[bytes];
    random.nextBytes(buffer);
    return BASE64URL.encodeToString(buffer);
  }
}
