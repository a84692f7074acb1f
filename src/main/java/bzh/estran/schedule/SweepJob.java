package bzh.estran.schedule;

import bzh.estran.audit.AuditRetention;
import bzh.estran.quota.QuotaMetrics;
import bzh.estran.sandbox.Sweeper;
import java.time.Clock;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Repairs drift between cluster and database, refreshes the per-institution quota gauges and clears
 * audit personal fields past their retention, every {@code ESTRAN_SWEEP_INTERVAL}.
 */
@DisallowConcurrentExecution
final class SweepJob implements Job {

  private final Sweeper sweeper;
  private final QuotaMetrics quotaMetrics;
  private final AuditRetention retention;
  private final Clock clock;

  SweepJob(Sweeper sweeper, QuotaMetrics quotaMetrics, AuditRetention retention, Clock clock) {
    this.sweeper = sweeper;
    this.quotaMetrics = quotaMetrics;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public void execute(JobExecutionContext context) {
    sweeper.sweep();
    quotaMetrics.refresh();
    retention.apply(clock.instant());
  }
}
