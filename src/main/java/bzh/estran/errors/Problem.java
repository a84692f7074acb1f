package bzh.estran.errors;

import java.util.List;
import java.util.Objects;

/**
 * One sentence of the error vocabulary, told twice: as the API says it (English, {@link
 * #english()}, unchanged by translations), and as a message key with arguments, which the pages put
 * into the page's language ({@code problem.<key>} in {@code web/messages*.properties}). An argument
 * may itself be a {@code Problem}: a word that is translated too (a quota's scope, a limit's name).
 *
 * <p>{@code pattern} is the English text with {@code {0}}, {@code {1}}… where the arguments go;
 * they are put in as {@link String#valueOf} writes them, so the API's sentences stay exactly as
 * they were.
 */
public record Problem(String key, List<Object> args, String english) {

  public Problem {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(english, "english");
    args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args)); // may hold null
  }

  /** A sentence: its key, its English pattern, the arguments of both. */
  public static Problem of(String key, String pattern, Object... args) {
    return new Problem(key, java.util.Arrays.asList(args), fill(pattern, args));
  }

  /** A translated word (an argument of another problem): its key and its English. */
  public static Problem word(String key, String english) {
    return new Problem(key, List.of(), english);
  }

  /**
   * A sentence only the API says (about a JSON body, an upload): no key, so a page shows it as it
   * is, in English.
   */
  public static Problem untranslated(String english) {
    return new Problem("", List.of(), english);
  }

  /** Whether the pages have words for it. */
  public boolean translated() {
    return !key.isEmpty();
  }

  /** A length of time as an argument: the API writes {@code english} (PT8H), pages their words. */
  public record Span(java.time.Duration duration, String english) {
    @Override
    public String toString() {
      return english;
    }
  }

  /** "is required". */
  public static Problem required() {
    return of("is_required", "is required");
  }

  @Override
  public String toString() {
    return english;
  }

  private static String fill(String pattern, Object[] args) {
    String text = pattern;
    for (int i = 0; i < args.length; i++) {
      text = text.replace("{" + i + "}", String.valueOf(args[i]));
    }
    return text;
  }
}
