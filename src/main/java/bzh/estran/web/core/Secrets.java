package bzh.estran.web.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** Random values of the pages (session ids, CSRF tokens), and comparing them in constant time. */
public final class Secrets {

  private final SecureRandom random;

  public Secrets(SecureRandom random) {
    this.random = random;
  }

  /** 32 random bytes, URL-safe Base64 without padding (43 characters). */
  public String newValue() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Whether a value sent by the browser equals the expected one, taking the same time either way.
   */
  public static boolean matches(String expected, String sent) {
    if (expected == null || sent == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
  }
}
