package bzh.estran.quota.core;

import java.math.BigDecimal;

/**
 * What an institution (or a cohort inside it) may hold: live sandboxes and their summed sizes, live
 * sandboxes per user, and core-hours booked per calendar month.
 */
public record QuotaLimits(
    int maxSandboxes,
    BigDecimal cpu,
    BigDecimal memoryGiB,
    BigDecimal storageGiB,
    int sandboxesPerUser,
    BigDecimal coreHoursPerMonth) {

  /** The quota of an institution for which no platform admin has set one. */
  public static final QuotaLimits DEFAULTS =
      new QuotaLimits(
          50,
          new BigDecimal("50"),
          new BigDecimal("100"),
          new BigDecimal("250"),
          3,
          new BigDecimal("5000"));
}
