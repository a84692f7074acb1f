package bzh.estran.quota;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.YearMonth;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the ledger's running totals per period ({@code quota_period_totals}, what admissions read)
 * equal to the ledger itself. A trigger adds each entry to them in the entry's transaction, so they
 * never disagree unless someone changes them by hand; {@link #repair} recomputes the current and
 * previous periods from the ledger and sets any total that disagrees, counting each in {@code
 * estran.quota.totals.repaired} (and logging it): a non-zero count is a defect to look into.
 */
public final class QuotaTotals {

  private static final Logger LOG = LoggerFactory.getLogger(QuotaTotals.class);

  private final Jdbi jdbi;
  private final QuotaAdmission admission;
  private final Clock clock;
  private final Counter repaired;

  public QuotaTotals(Jdbi jdbi, QuotaAdmission admission, Clock clock, MeterRegistry meters) {
    this.jdbi = jdbi;
    this.admission = admission;
    this.clock = clock;
    this.repaired =
        Counter.builder("estran.quota.totals.repaired")
            .description("Running totals of the core-hour ledger found wrong and set from it")
            .register(meters);
  }

  /**
   * Sets the totals of the current and previous periods to what the ledger says; returns how many
   * were wrong. Holds the totals' table lock meanwhile (a few milliseconds): entries appended at
   * the same time wait, so none is missed or counted twice.
   */
  public int repair() {
    String since = YearMonth.parse(admission.period(clock.instant())).minusMonths(1).toString();
    int wrong =
        jdbi.inTransaction(
            handle -> {
              handle.execute("lock table quota_period_totals in exclusive mode");
              return handle.attach(QuotaDao.class).repairTotals(since);
            });
    if (wrong > 0) {
      repaired.increment(wrong);
      LOG.warn(
          "{} running totals of the quota ledger disagreed with it and were set from it", wrong);
    }
    return wrong;
  }
}
