package bzh.estran.cli.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them ({@code 4h}, {@code 90m}, {@code 1h30m}, {@code 2d}) or as the API
 * writes them ({@code PT4H}, {@code P2D}), and back as short human text ({@code 3h 59m}).
 */
public final class DurationInput {

  private static final Pattern SHORT =
      Pattern.compile("^(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?:in)?)?$", Pattern.CASE_INSENSITIVE);

  private DurationInput() {}

  /** The duration {@code text} stands for, if it is one and is positive. */
  public static Optional<Duration> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String trimmed = text.trim().replace(" ", "");
    Matcher matcher = SHORT.matcher(trimmed);
    Duration duration;
    if (matcher.matches() && !trimmed.isEmpty()) {
      duration =
          Duration.ofDays(number(matcher.group(1)))
              .plusHours(number(matcher.group(2)))
              .plusMinutes(number(matcher.group(3)));
    } else {
      try {
        duration = parseIso(trimmed.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return duration.isZero() || duration.isNegative() ? Optional.empty() : Optional.of(duration);
  }

  /** ISO-8601 for the API: {@code PT4H}, {@code PT1H30M}, {@code P2D} for whole days. */
  public static String iso(Duration duration) {
    if (duration.toSeconds() % 86_400 == 0) {
      return "P" + duration.toDays() + "D";
    }
    return duration.toString();
  }

  /** {@code 2d 3h}, {@code 3h 59m}, {@code 12m}, {@code <1m}: at most two units. */
  public static String human(Duration duration) {
    long minutes = Math.max(0, duration.toMinutes());
    if (minutes == 0) {
      return "<1m";
    }
    long days = minutes / 1440;
    long hours = minutes % 1440 / 60;
    long rest = minutes % 60;
    if (days > 0) {
      return hours > 0 ? days + "d " + hours + "h" : days + "d";
    }
    if (hours > 0) {
      return rest > 0 ? hours + "h " + rest + "m" : hours + "h";
    }
    return rest + "m";
  }

  /** An API duration ({@code PT4H}, {@code P7D}) as human text; the text itself if unreadable. */
  public static String humanIso(String iso) {
    if (iso == null || iso.isBlank()) {
      return "";
    }
    try {
      return human(parseIso(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  private static Duration parseIso(String iso) {
    int time = iso.indexOf('T');
    if (iso.startsWith("P") && time < 0 && iso.endsWith("D")) {
      return Duration.ofDays(Long.parseLong(iso.substring(1, iso.length() - 1)));
    }
    if (iso.startsWith("P") && time > 1 && iso.substring(1, time).endsWith("D")) {
      long days = Long.parseLong(iso.substring(1, time - 1));
      return Duration.parse("PT" + iso.substring(time + 1)).plusDays(days);
    }
    return Duration.parse(iso);
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
