package bzh.estran.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's heartbeat in the database, and the takeover of work a dead replica left. Every
 * quarter of the replica timeout it writes its heartbeat (in the database's time) and queues the
 * provisioning and deletion whose lease belongs to a replica silent for longer than the timeout, or
 * that nobody has touched for that long: after a {@code kill -9}, another (or the restarted)
 * replica resumes it within about the timeout plus a quarter of it.
 */
public final class Replicas implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Replicas.class);
  private static final Duration FORGET_AFTER = Duration.ofDays(1);

  private final Jdbi jdbi;
  private final String id;
  private final Duration timeout;
  private final ReconcileQueue queue;
  private final Clock clock;
  private final ScheduledExecutorService beat;
  private final List<Runnable> alsoOnBeat;

  private Replicas(
      Jdbi jdbi,
      String id,
      Duration timeout,
      ReconcileQueue queue,
      Clock clock,
      List<Runnable> alsoOnBeat) {
    this.jdbi = jdbi;
    this.id = id;
    this.timeout = timeout;
    this.queue = queue;
    this.clock = clock;
    this.alsoOnBeat = List.copyOf(alsoOnBeat);
    this.beat =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "estran-heartbeat");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Registers this replica and starts beating; the first beat is written before this returns. */
  public static Replicas start(
      Jdbi jdbi, String id, Duration timeout, ReconcileQueue queue, Clock clock) {
    return start(jdbi, id, timeout, queue, clock, List.of());
  }

  /**
   * Also runs each of {@code alsoOnBeat} after each beat's takeover (other work a dead replica may
   * leave, such as anonymisation runs); one failing does not stop the others.
   */
  public static Replicas start(
      Jdbi jdbi,
      String id,
      Duration timeout,
      ReconcileQueue queue,
      Clock clock,
      List<Runnable> alsoOnBeat) {
    Replicas replicas = new Replicas(jdbi, id, timeout, queue, clock, alsoOnBeat);
    replicas.heartbeat();
    long every = Math.max(100, timeout.toMillis() / 4);
    replicas.beat.scheduleWithFixedDelay(replicas::tick, every, every, TimeUnit.MILLISECONDS);
    return replicas;
  }

  /** The timeout in seconds, as the lease queries take it. */
  public double timeoutSeconds() {
    return timeout.toMillis() / 1000.0;
  }

  private void tick() {
    try {
      heartbeat();
      takeOver();
    } catch (RuntimeException e) {
      LOG.warn("Heartbeat of replica {} failed: {}", id, e.getMessage());
    }
    for (Runnable task : alsoOnBeat) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("Takeover after the heartbeat of replica {} failed: {}", id, e.getMessage());
      }
    }
  }

  private void heartbeat() {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "insert into replicas (id, started_at, heartbeat_at)"
                        + " values (:id, clock_timestamp(), clock_timestamp())"
                        + " on conflict (id) do update set heartbeat_at = clock_timestamp()")
                .bind("id", id)
                .execute());
  }

  /** Queues what dead replicas left; returns how many sandboxes. */
  int takeOver() {
    Instant now = clock.instant();
    List<UUID> abandoned =
        jdbi.withExtension(
            SandboxDao.class, dao -> dao.abandoned(now, now.minus(timeout), timeoutSeconds()));
    // what this replica still has queued or scheduled is not abandoned, only waiting here
    List<UUID> resumed = abandoned.stream().filter(id -> !queue.holds(id)).toList();
    resumed.forEach(queue::submit);
    if (!resumed.isEmpty()) {
      LOG.info("Resuming {} sandbox(es) no live replica is working on", resumed.size());
    }
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "delete from replicas where heartbeat_at < clock_timestamp()"
                        + " - make_interval(secs => :forget)")
                .bind("forget", (double) FORGET_AFTER.toSeconds())
                .execute());
    return resumed.size();
  }

  /** Stops beating and marks this replica gone, so that its leases are free at once. */
  @Override
  public void close() {
    beat.shutdownNow();
    try {
      beat.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate("update replicas set heartbeat_at = '-infinity' where id = :id")
                .bind("id", id)
                .execute());
  }
}
