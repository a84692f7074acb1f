package bzh.estran.quota.core;

import java.math.BigDecimal;

/**
 * What is held now in one scope: live sandboxes (not DELETED or FAILED) and their summed sizes, the
 * caller's own live sandboxes, and the core-minutes booked to the period (net of refunds).
 */
public record Consumption(
    int sandboxes,
    BigDecimal cpu,
    BigDecimal memoryGiB,
    BigDecimal storageGiB,
    int userSandboxes,
    BigDecimal coreMinutes) {

  public static final Consumption NONE =
      new Consumption(0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0, BigDecimal.ZERO);
}
