package bzh.estran.schedule;

import bzh.estran.audit.AuditRetention;
import bzh.estran.quota.QuotaMetrics;
import bzh.estran.sandbox.SandboxRetention;
import bzh.estran.sandbox.Sweeper;
import java.time.Clock;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Repairs drift between cluster and database, refreshes the per-institution quota gauges and clears
 * audit personal fields and ended sandboxes past their retention, every {@code
 * ESTRAN_SWEEP_INTERVAL}.
 */
@DisallowConcurrentExecution
final class SweepJob implements Job {

  private final Sweeper sweeper;
  private final QuotaMetrics quotaMetrics;
  private final AuditRetention retention;
  private final SandboxRetention sandboxRetention;
  private final Clock clock;

  SweepJob(
      Sweeper sweeper,
      QuotaMetrics quotaMetrics,
      AuditRetention retention,
      SandboxRetention sandboxRetention,
      Clock clock) {
    this.sweeper = sweeper;
    this.quotaMetrics = quotaMetrics;
    this.retention = retention;
    this.sandboxRetention = sandboxRetention;
    this.clock = clock;
  }

  @Override
  public void execute(JobExecutionContext context) {
    sweeper.sweep();
    quotaMetrics.refresh();
    retention.apply(clock.instant());
    sandboxRetention.apply(clock.instant());
  }
}
