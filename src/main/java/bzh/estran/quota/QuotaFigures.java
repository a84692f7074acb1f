package bzh.estran.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The figures the quota endpoints return, in core-hours and GiB-hours (four decimals). */
public final class QuotaFigures {

  private QuotaFigures() {}

  /** A quota as set (or defaulted). */
  public record Limits(
      int maxSandboxes,
      BigDecimal cpu,
      BigDecimal memoryGiB,
      BigDecimal storageGiB,
      int sandboxesPerUser,
      BigDecimal coreHoursPerMonth) {}

  /** What is live now. */
  public record InUse(int sandboxes, BigDecimal cpu, BigDecimal memoryGiB, BigDecimal storageGiB) {}

  /**
   * Core-hours of one period: granted by the quota, reserved (with extensions), refunded, net,
   * left.
   */
  public record CoreHours(
      BigDecimal granted,
      BigDecimal reserved,
      BigDecimal refunded,
      BigDecimal net,
      BigDecimal remaining) {}

  public record Budget(String period, String timeZone, CoreHours coreHours) {}

  /** {@code overQuota} names every limit that what is held exceeds (after a quota was lowered). */
  public record Usage(
      String institution, Limits limits, InUse inUse, List<String> overQuota, Budget budget) {}

  /** One sandbox booked to the period. */
  public record ReportRow(
      UUID sandbox,
      String name,
      String owner,
      String template,
      UUID cohort,
      String state,
      Instant createdAt,
      Instant endedAt,
      BigDecimal cpu,
      BigDecimal memoryGiB,
      BigDecimal storageGiB,
      BigDecimal coreHoursReserved,
      BigDecimal coreHoursRefunded,
      BigDecimal coreHoursNet,
      BigDecimal memoryGiBHours,
      BigDecimal storageGiBHours) {}

  public record Totals(
      int sandboxes,
      BigDecimal coreHoursReserved,
      BigDecimal coreHoursRefunded,
      BigDecimal coreHoursNet,
      BigDecimal memoryGiBHours,
      BigDecimal storageGiBHours) {}

  public record Report(
      String institution, String period, String timeZone, List<ReportRow> rows, Totals totals) {}

  /** One institution's share of the pool for a period. */
  public record ChargebackRow(
      String institution,
      String name,
      long sandboxes,
      BigDecimal coreHoursGranted,
      BigDecimal coreHoursReserved,
      BigDecimal coreHoursRefunded,
      BigDecimal coreHoursNet,
      BigDecimal memoryGiBHours,
      BigDecimal storageGiBHours,
      BigDecimal shareOfCoreHours) {}

  public record Chargeback(String period, String timeZone, List<ChargebackRow> rows) {}
}
