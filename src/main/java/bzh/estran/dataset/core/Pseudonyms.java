package bzh.estran.dataset.core;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed HMAC-SHA-256 of values with the dataset's secret, published as pseudonyms (the first 128
 * bits, in hexadecimal); and the unkeyed 64-bit hash by which values and subjects are counted
 * (never published). Without the key, a pseudonym cannot be computed from a guessed value. One
 * instance per thread (not thread-safe).
 */
final class Pseudonyms {

  private static final HexFormat HEX = HexFormat.of();
  private final Mac mac;
  private String lastValue;
  private byte[] lastDigest;

  Pseudonyms(byte[] key) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA-256 is unavailable", e);
    }
  }

  /** The published pseudonym of {@code value}: 32 hexadecimal digits (128 bits). */
  String pseudonym(String value) {
    byte[] digest = digest(value);
    return HEX.formatHex(digest, 0, 16);
  }

  /** The HMAC of {@code value}; the last one is remembered, as a row asks it twice. */
  private byte[] digest(String value) {
    if (!value.equals(lastValue)) {
      lastDigest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      lastValue = value;
    }
    return lastDigest;
  }

  /** An unkeyed 64-bit hash (FNV-1a) of a published value, for counting distinct values. */
  static long valueHash(String value) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < value.length(); i++) {
      hash ^= value.charAt(i);
      hash *= 0x100000001b3L;
    }
    return hash ^ (hash >>> 29);
  }
}
