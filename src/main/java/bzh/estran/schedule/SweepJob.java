package bzh.estran.schedule;

import bzh.estran.sandbox.Sweeper;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Repairs drift between cluster and database, every {@code ESTRAN_SWEEP_INTERVAL}. */
@DisallowConcurrentExecution
final class SweepJob implements Job {

  private final Sweeper sweeper;

  SweepJob(Sweeper sweeper) {
    this.sweeper = sweeper;
  }

  @Override
  public void execute(JobExecutionContext context) {
    sweeper.sweep();
  }
}
