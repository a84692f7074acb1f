package bzh.estran.sandbox.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parsing and bounding the durations callers ask for. */
public final class Durations {

  /** The shortest sandbox: the Kubernetes API issues no token for less. */
  public static final Duration MINIMUM = Duration.ofMinutes(10);

  private Durations() {}

  /** An ISO-8601 duration such as {@code PT8H} or {@code P2D}, if the text is one. */
  public static Optional<Duration> parse(String text) {
    try {
      return Optional.of(Duration.parse(text));
    } catch (DateTimeParseException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /** ISO-8601 text, with days kept as days ({@code P7D}, not {@code PT168H}). */
  public static String format(Duration duration) {
    long days = duration.toDays();
    Duration rest = duration.minusDays(days);
    if (days > 0 && rest.isZero()) {
      return "P" + days + "D";
    }
    return days > 0 ? "P" + days + "D" + rest.toString().substring(1) : duration.toString();
  }
}
