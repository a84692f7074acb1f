package bzh.estran.schedule;

import bzh.estran.quota.QuotaMetrics;
import bzh.estran.sandbox.Sweeper;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Repairs drift between cluster and database and refreshes the per-institution quota gauges, every
 * {@code ESTRAN_SWEEP_INTERVAL}.
 */
@DisallowConcurrentExecution
final class SweepJob implements Job {

  private final Sweeper sweeper;
  private final QuotaMetrics quotaMetrics;

  SweepJob(Sweeper sweeper, QuotaMetrics quotaMetrics) {
    this.sweeper = sweeper;
    this.quotaMetrics = quotaMetrics;
  }

  @Override
  public void execute(JobExecutionContext context) {
    sweeper.sweep();
    quotaMetrics.refresh();
  }
}
