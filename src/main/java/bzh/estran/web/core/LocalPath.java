package bzh.estran.web.core;

import java.util.Optional;

/**
 * Where a page may send the browser back to after sign-in or a switch: a path of this site only.
 */
public final class LocalPath {

  private LocalPath() {}

  /**
   * The value when it is a path on this site ({@code /sandboxes?x=1}), never another origin ({@code
   * //evil.example}, {@code /\evil}, {@code https://...}) nor anything with control characters.
   */
  public static Optional<String> of(String value) {
    if (value == null
        || value.length() > 500
        || !value.startsWith("/")
        || value.startsWith("//")
        || value.startsWith("/\\")
        || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
      return Optional.empty();
    }
    return Optional.of(value);
  }

  /** {@link #of}, or {@code fallback}. */
  public static String orElse(String value, String fallback) {
    return of(value).orElse(fallback);
  }
}
