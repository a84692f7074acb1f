package bzh.estran.schedule;

import bzh.estran.sandbox.SandboxService;
import java.time.Clock;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Ends the sandboxes that are due, every {@code ESTRAN_EXPIRY_INTERVAL}. */
@DisallowConcurrentExecution
final class ExpiryJob implements Job {

  private final SandboxService sandboxes;
  private final Clock clock;

  ExpiryJob(SandboxService sandboxes, Clock clock) {
    this.sandboxes = sandboxes;
    this.clock = clock;
  }

  @Override
  public void execute(JobExecutionContext context) {
    sandboxes.expireDue(clock.instant());
  }
}
