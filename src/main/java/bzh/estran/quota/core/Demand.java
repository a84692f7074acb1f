package bzh.estran.quota.core;

import bzh.estran.catalog.core.Size;
import java.math.BigDecimal;

/** What an admission asks for on top of what is held. */
public record Demand(
    int sandboxes,
    BigDecimal cpu,
    BigDecimal memoryGiB,
    BigDecimal storageGiB,
    BigDecimal coreMinutes) {

  /** A new sandbox of {@code size} reserving {@code minutes} of its CPU. */
  public static Demand newSandbox(Size size, long minutes) {
    return new Demand(
        1,
        size.cpu(),
        size.memoryGiB(),
        size.storageGiB(),
        CoreTime.coreMinutes(size.cpu(), minutes));
  }

  /** An extension: only more core-minutes. */
  public static Demand extension(BigDecimal cpu, long minutes) {
    return new Demand(
        0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, CoreTime.coreMinutes(cpu, minutes));
  }
}
