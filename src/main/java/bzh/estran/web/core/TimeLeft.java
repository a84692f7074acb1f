package bzh.estran.web.core;

import java.time.Duration;
import java.time.Instant;

/** How long until a sandbox expires, in whole days, hours and minutes, for people to read. */
public record TimeLeft(long days, long hours, long minutes) {

  /** The time from {@code now} to {@code expiresAt}; zero when it has passed. */
  public static TimeLeft between(Instant now, Instant expiresAt) {
    Duration left = Duration.between(now, expiresAt);
    if (left.isNegative()) {
      left = Duration.ZERO;
    }
    return new TimeLeft(left.toDays(), left.toHoursPart(), left.toMinutesPart());
  }

  public boolean isOver() {
    return days == 0 && hours == 0 && minutes == 0;
  }

  /**
   * The message key saying it: {@code time.left.dhm}, {@code time.left.hm}, {@code time.left.m} or
   * {@code time.left.none}, with {@link #days}, {@link #hours}, {@link #minutes} as arguments.
   */
  public String messageKey() {
    if (isOver()) {
      return "time.left.none";
    } else if (days > 0) {
      return "time.left.dhm";
    } else if (hours > 0) {
      return "time.left.hm";
    }
    return "time.left.m";
  }
}
