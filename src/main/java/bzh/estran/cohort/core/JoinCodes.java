package bzh.estran.cohort.core;

import java.security.SecureRandom;

/**
 * Join codes people can read out in a lecture hall: 10 characters from an alphabet without
 * look-alikes (no 0/O, 1/I/L), grouped {@code XXXXX-XXXXX}: about 48 bits, checked server-side with
 * use limits.
 */
public final class JoinCodes {

  private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

  private final SecureRandom random;

  public JoinCodes(SecureRandom random) {
    this.random = random;
  }

  public String next() {
    StringBuilder code = new StringBuilder(11);
    for (int i = 0; i < 10; i++) {
      if (i == 5) {
        code.append('-');
      }
      code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return code.toString();
  }

  /** The code as people may type it (lower case, spaces, no dash) made canonical. */
  public static String normalise(String typed) {
    String compact = typed.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    return compact.length() == 10 ? compact.substring(0, 5) + "-" + compact.substring(5) : compact;
  }
}
