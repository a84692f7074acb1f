package bzh.estran.quota.core;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Decides whether a demand fits a scope's limits given what the scope already holds. Pure: the
 * caller provides a consistent picture (the admission transaction holds the institution's lock).
 * Checked in a fixed order; the first limit that does not fit is the refusal.
 */
public final class QuotaPolicy {

  private QuotaPolicy() {}

  /** Empty when the demand fits; else the first limit it would exceed. */
  public static Optional<Refusal> check(
      String scope, QuotaLimits limits, Consumption held, Demand demand) {
    if (demand.sandboxes() > 0) {
      if (held.sandboxes() + demand.sandboxes() > limits.maxSandboxes()) {
        return refuse(
            "maxSandboxes",
            scope,
            demand.sandboxes(),
            Math.max(0, limits.maxSandboxes() - held.sandboxes()));
      }
      if (held.userSandboxes() + demand.sandboxes() > limits.sandboxesPerUser()) {
        return refuse(
            "sandboxesPerUser",
            scope,
            demand.sandboxes(),
            Math.max(0, limits.sandboxesPerUser() - held.userSandboxes()));
      }
    }
    Optional<Refusal> size =
        exceeds("cpu", scope, limits.cpu(), held.cpu(), demand.cpu())
            .or(
                () ->
                    exceeds(
                        "memoryGiB",
                        scope,
                        limits.memoryGiB(),
                        held.memoryGiB(),
                        demand.memoryGiB()))
            .or(
                () ->
                    exceeds(
                        "storageGiB",
                        scope,
                        limits.storageGiB(),
                        held.storageGiB(),
                        demand.storageGiB()));
    if (size.isPresent()) {
      return size;
    }
    BigDecimal grantedMinutes = CoreTime.minutesOfHours(limits.coreHoursPerMonth());
    if (held.coreMinutes().add(demand.coreMinutes()).compareTo(grantedMinutes) > 0) {
      BigDecimal left = grantedMinutes.subtract(held.coreMinutes()).max(BigDecimal.ZERO);
      return refuse("coreHours", scope, CoreTime.hours(demand.coreMinutes()), CoreTime.hours(left));
    }
    return Optional.empty();
  }

  private static Optional<Refusal> exceeds(
      String limit, String scope, BigDecimal max, BigDecimal held, BigDecimal asked) {
    if (asked.signum() > 0 && held.add(asked).compareTo(max) > 0) {
      return refuse(
          limit,
          scope,
          asked.stripTrailingZeros(),
          max.subtract(held).max(BigDecimal.ZERO).stripTrailingZeros());
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(
      String limit, String scope, Object requested, Object remaining) {
    return Optional.of(new Refusal(limit, scope, requested, remaining));
  }
}
