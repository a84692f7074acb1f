package bzh.estran.quota.core;

import bzh.estran.cohort.core.Cohort.CohortLimits;
import java.math.BigDecimal;

/** A cohort's sub-limits as quota limits of the second scope: an unset sub-limit limits nothing. */
public final class CohortQuota {

  private static final BigDecimal UNLIMITED = new BigDecimal("1e12");

  private CohortQuota() {}

  public static QuotaLimits limitsOf(CohortLimits limits) {
    return new QuotaLimits(
        limits.maxSandboxes() == null ? Integer.MAX_VALUE : limits.maxSandboxes(),
        orUnlimited(limits.cpu()),
        orUnlimited(limits.memoryGiB()),
        orUnlimited(limits.storageGiB()),
        Integer.MAX_VALUE,
        orUnlimited(limits.coreHoursPerMonth()));
  }

  private static BigDecimal orUnlimited(BigDecimal value) {
    return value == null ? UNLIMITED : value;
  }
}
