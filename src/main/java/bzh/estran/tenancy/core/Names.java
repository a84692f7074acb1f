package bzh.estran.tenancy.core;

import java.util.regex.Pattern;

/**
 * The shapes names must have: institution slugs, e-mail addresses, sandbox names, and the one rule
 * for every free-text name people type (user, institution, cohort and token names): no control or
 * invisible formatting character, since names end up in pages, CSV reports and logs.
 */
public final class Names {

  private static final Pattern SLUG = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$");
  private static final Pattern EMAIL =
      Pattern.compile("^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$");

  /** What a refused free-text name is told, on its field. */
  public static final bzh.estran.errors.Problem CONTROL_CHARACTERS =
      bzh.estran.errors.Problem.of(
          "control_characters",
          "must not contain control or invisible formatting characters (such as a newline, a tab,"
              + " NUL, an escape sequence or a right-to-left override)");

  private Names() {}

  /**
   * Whether the text holds a character that has no business in a name: a control character (Cc:
   * newline, tab, NUL, ESC of ANSI sequences, DEL, C1 controls), a format character (Cf: bidi
   * overrides and isolates, zero-width characters, soft hyphen), a line or paragraph separator, or
   * half of a surrogate pair.
   */
  public static boolean hasControlCharacters(String text) {
    return text != null && text.codePoints().anyMatch(Names::isControl);
  }

  /** The text with every such character removed (for names that come from elsewhere). */
  public static String withoutControlCharacters(String text) {
    StringBuilder kept = new StringBuilder(text.length());
    text.codePoints().filter(c -> !isControl(c)).forEach(kept::appendCodePoint);
    return kept.toString();
  }

  private static boolean isControl(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          true;
      default -> false;
    };
  }

  public static boolean isSlug(String text) {
    return text != null && SLUG.matcher(text).matches();
  }

  public static boolean isEmail(String text) {
    return text != null && text.length() <= 254 && EMAIL.matcher(text).matches();
  }

  /** A DNS label of at most 40 characters: what sandbox names must be. */
  public static boolean isSandboxName(String text) {
    return text != null && DNS_LABEL.matcher(text).matches();
  }
}
