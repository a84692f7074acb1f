package bzh.estran.schedule;

import bzh.estran.notify.Notices;
import java.time.Clock;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Sends the notices that are due and retries failed mails, every {@code ESTRAN_NOTICE_INTERVAL}.
 */
@DisallowConcurrentExecution
final class NoticeJob implements Job {

  private final Notices notices;
  private final Clock clock;

  NoticeJob(Notices notices, Clock clock) {
    this.notices = notices;
    this.clock = clock;
  }

  @Override
  public void execute(JobExecutionContext context) {
    notices.dispatchDue(clock.instant());
  }
}
