package bzh.estran.schedule;

import bzh.estran.audit.AuditRetention;
import bzh.estran.notify.Notices;
import bzh.estran.quota.QuotaMetrics;
import bzh.estran.sandbox.SandboxRetention;
import bzh.estran.sandbox.SandboxService;
import bzh.estran.sandbox.Sweeper;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz with its JDBC job store on Estran's database, clustered: with several replicas, each
 * periodic job runs on one of them at a time, and a dead replica's work is taken over.
 */
public final class Scheduling implements AutoCloseable {

  private final Scheduler scheduler;

  private Scheduling(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Starts the scheduler and (re)schedules the expiry and sweep jobs. */
  public static Scheduling start(
      String schedulerName,
      DataSource dataSource,
      SandboxService sandboxes,
      Sweeper sweeper,
      QuotaMetrics quotaMetrics,
      Clock clock,
      Duration expiryInterval,
      Duration sweepInterval,
      Notices notices,
      Duration noticeInterval,
      AuditRetention retention,
      SandboxRetention sandboxRetention) {
    String dataSourceName = "estran-" + UUID.randomUUID();
    DBConnectionManager.getInstance()
        .addConnectionProvider(dataSourceName, new PoolProvider(dataSource));
    Map<Class<? extends Job>, Supplier<Job>> jobs =
        Map.of(
            ExpiryJob.class, () -> new ExpiryJob(sandboxes, clock),
            SweepJob.class,
                () -> new SweepJob(sweeper, quotaMetrics, retention, sandboxRetention, clock),
            NoticeJob.class, () -> new NoticeJob(notices, clock));
    try {
      Scheduler scheduler =
          new StdSchedulerFactory(properties(schedulerName, dataSourceName)).getScheduler();
      scheduler.setJobFactory(
          (bundle, ignored) -> jobs.get(bundle.getJobDetail().getJobClass()).get());
      schedule(scheduler, ExpiryJob.class, "expiry", expiryInterval);
      schedule(scheduler, SweepJob.class, "sweep", sweepInterval);
      schedule(scheduler, NoticeJob.class, "notices", noticeInterval);
      scheduler.start();
      return new Scheduling(scheduler);
    } catch (SchedulerException e) {
      throw new IllegalStateException("could not start the Quartz scheduler", e);
    }
  }

  private static void schedule(
      Scheduler scheduler, Class<? extends Job> type, String name, Duration every)
      throws SchedulerException {
    JobDetail job = JobBuilder.newJob(type).withIdentity(name, "estran").storeDurably().build();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(name, "estran")
            .forJob(job)
            .startNow()
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(every.toMillis())
                    .repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build();
    scheduler.scheduleJob(job, Set.of(trigger), true);
  }

  private static Properties properties(String schedulerName, String dataSourceName) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", schedulerName);
    p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "estran-quartz");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
    p.setProperty("org.quartz.jobStore.misfireThreshold", "5000");
    return p;
  }

  @Override
  public void close() {
    try {
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      throw new IllegalStateException("could not stop the Quartz scheduler", e);
    }
  }

  /** Lends Quartz connections from Estran's pool. */
  private record PoolProvider(DataSource dataSource) implements ConnectionProvider {
    @Override
    public Connection getConnection() throws SQLException {
      return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
      // the pool belongs to Estran, which closes it
    }

    @Override
    public void initialize() {
      // nothing to prepare
    }
  }
}
