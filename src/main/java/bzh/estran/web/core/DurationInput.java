package bzh.estran.web.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person types in a duration field, made into the API's ISO-8601 form: {@code 4h}, {@code 4
 * h}, {@code 90 min}, {@code 2d} / {@code 2j} (jours), or already {@code PT4H}. Anything else is
 * passed on as typed, for the service to refuse with its own words.
 */
public final class DurationInput {

  private static final Pattern SHORT =
      Pattern.compile("(\\d{1,5})\\s*(h|heures?|hours?|m|min|minutes?|d|j|jours?|days?)");

  private DurationInput() {}

  /** The ISO-8601 duration for the input; null for a blank input (the template's default). */
  public static String toIso(String typed) {
    if (typed == null || typed.isBlank()) {
      return null;
    }
    String text = typed.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(text);
    if (!m.matches()) {
      return typed.trim().toUpperCase(Locale.ROOT);
    }
    String amount = m.group(1);
    return switch (m.group(2).charAt(0)) {
      case 'h' -> "PT" + amount + "H";
      case 'm' -> "PT" + amount + "M";
      default -> "P" + amount + "D";
    };
  }
}
