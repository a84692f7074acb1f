package bzh.estran.quota.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * The arithmetic of the core-hour budget. Reservations are counted in whole minutes (a started
 * minute counts), refunds in whole unused minutes; core-minutes are CPU × minutes, exact.
 */
public final class CoreTime {

  private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

  private CoreTime() {}

  /** Minutes reserved for a duration: rounded up to the next whole minute. */
  public static long reservedMinutes(Duration duration) {
    long seconds = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
    return (seconds + 59) / 60;
  }

  /** Whole minutes left between {@code now} and {@code expiresAt}; zero once it has passed. */
  public static long unusedMinutes(Instant now, Instant expiresAt) {
    return now.isBefore(expiresAt) ? Duration.between(now, expiresAt).toMinutes() : 0;
  }

  public static BigDecimal coreMinutes(BigDecimal cpu, long minutes) {
    return cpu.multiply(BigDecimal.valueOf(minutes));
  }

  /** Core-minutes as core-hours, to four decimals (0.0001 h is well under a second of one core). */
  public static BigDecimal hours(BigDecimal minutes) {
    return minutes.divide(SIXTY, 4, RoundingMode.HALF_UP).stripTrailingZeros();
  }

  public static BigDecimal minutesOfHours(BigDecimal hours) {
    return hours.multiply(SIXTY);
  }

  /** The budget period ("2026-11") an instant falls in, in the quota time zone. */
  public static String period(Instant instant, ZoneId zone) {
    return YearMonth.from(instant.atZone(zone)).toString();
  }
}
