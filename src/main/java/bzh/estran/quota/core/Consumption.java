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

  /**
   * What was held before a new sandbox of {@code demand}, when this picture already counts its live
   * row (written before the picture was read) but not yet its reservation: the sandbox is the
   * caller's own.
   */
  public Consumption lessSandbox(Demand demand) {
    return new Consumption(
        sandboxes - demand.sandboxes(),
        cpu.subtract(demand.cpu()),
        memoryGiB.subtract(demand.memoryGiB()),
        storageGiB.subtract(demand.storageGiB()),
        userSandboxes - demand.sandboxes(),
        coreMinutes);
  }

  /** What is held once a new sandbox of {@code demand}, the user's own, is admitted too. */
  public Consumption plus(Demand demand) {
    return new Consumption(
        sandboxes + demand.sandboxes(),
        cpu.add(demand.cpu()),
        memoryGiB.add(demand.memoryGiB()),
        storageGiB.add(demand.storageGiB()),
        userSandboxes + demand.sandboxes(),
        coreMinutes.add(demand.coreMinutes()));
  }

  /** The same holdings, with {@code count} as the user's own live sandboxes. */
  public Consumption withUserSandboxes(int count) {
    return new Consumption(sandboxes, cpu, memoryGiB, storageGiB, count, coreMinutes);
  }
}
