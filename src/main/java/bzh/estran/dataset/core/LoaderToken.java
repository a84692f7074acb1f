package bzh.estran.dataset.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bearer token a sandbox's loader Jobs present to download its datasets: {@code
 * estran_load_<sandbox id>.<HMAC-SHA-256 of it under a server key>}. Nothing is stored: the token
 * is recomputed, and it is worth what the sandbox is granted, while the sandbox lives.
 */
public final class LoaderToken {

  public static final String PREFIX = "estran_load_";

  private final byte[] key;

  public LoaderToken(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the loader key needs at least 32 bytes");
    }
    this.key = key.clone();
  }

  /** The token of a sandbox. */
  public String issue(UUID sandbox) {
    return PREFIX + sandbox + "." + mac(sandbox);
  }

  /** The sandbox a genuine token was issued to; empty for anything else. */
  public Optional<UUID> verify(String token) {
    if (token == null || !token.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String rest = token.substring(PREFIX.length());
    int dot = rest.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    UUID sandbox;
    try {
      sandbox = UUID.fromString(rest.substring(0, dot));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    byte[] expected = mac(sandbox).getBytes(StandardCharsets.US_ASCII);
    byte[] given = rest.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? Optional.of(sandbox) : Optional.empty();
  }

  private String mac(UUID sandbox) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sum = mac.doFinal(("loader:" + sandbox).getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
