package bzh.estran.web.core;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One bar of the usage picture: what is used of a limit, as a share drawn from 0 to 100 % (capped,
 * so a lowered quota does not draw outside the frame) and the true figures for the text next to it.
 *
 * @param key the limit's name (maxSandboxes, cpu, memoryGiB, storageGiB, coreHours)
 * @param used what is held or used
 * @param limit the limit
 * @param percent the share used, rounded, possibly above 100
 * @param over whether the use exceeds the limit
 */
public record UsageBar(String key, BigDecimal used, BigDecimal limit, int percent, boolean over) {

  /** A bar for {@code used} of {@code limit}; a zero limit is fully used as soon as anything is. */
  public static UsageBar of(String key, BigDecimal used, BigDecimal limit) {
    int percent;
    if (limit.signum() == 0) {
      percent = used.signum() > 0 ? 100 : 0;
    } else {
      percent =
          used.multiply(BigDecimal.valueOf(100)).divide(limit, 0, RoundingMode.HALF_UP).intValue();
    }
    return new UsageBar(
        key,
        used.stripTrailingZeros(),
        limit.stripTrailingZeros(),
        percent,
        used.compareTo(limit) > 0);
  }

  /** The drawn width, 0 to 100. */
  public int drawn() {
    return Math.max(0, Math.min(100, percent));
  }

  /** The colour class: calm under 80 %, warning from 80 %, bad when over. */
  public String level() {
    return over ? "over" : percent >= 80 ? "high" : "ok";
  }
}
