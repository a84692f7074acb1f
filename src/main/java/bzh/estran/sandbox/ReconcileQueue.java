package bzh.estran.sandbox;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link SandboxReconciler#reconcile} off the request threads. Work is spread over a fixed
 * number of single-threaded lanes by sandbox id, so one sandbox is never reconciled twice at once
 * in this process, and a sandbox queued again before its turn is run only once.
 */
public final class ReconcileQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileQueue.class);
  private static final Duration AFTER_ERROR = Duration.ofSeconds(5);

  private final ScheduledExecutorService[] lanes;
  private final Set<UUID> queued = ConcurrentHashMap.newKeySet();
  private final Set<UUID> scheduled = ConcurrentHashMap.newKeySet();
  private final AtomicInteger pending = new AtomicInteger();
  private volatile SandboxReconciler reconciler;

  public ReconcileQueue(int workers) {
    lanes = new ScheduledExecutorService[workers];
    for (int i = 0; i < workers; i++) {
      String name = "estran-reconcile-" + i;
      lanes[i] =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, name);
                thread.setDaemon(true);
                return thread;
              });
    }
  }

  /**
   * Connects the reconciler; the two refer to each other, so this closes the loop once at start.
   */
  public void attach(SandboxReconciler reconciler) {
    this.reconciler = reconciler;
  }

  /** Queues the sandbox for reconciliation, unless it is already waiting for its turn. */
  public void submit(UUID id) {
    if (queued.add(id)) {
      pending.incrementAndGet();
      lane(id).execute(() -> run(id));
    }
  }

  /** Whether the sandbox is waiting for its turn in this process (not yet being reconciled). */
  public boolean isWaiting(UUID id) {
    return queued.contains(id);
  }

  /**
   * Whether this process will come back to the sandbox by itself: waiting for its turn, or for the
   * retry it was given.
   */
  public boolean holds(UUID id) {
    return queued.contains(id) || scheduled.contains(id);
  }

  /** Sandboxes waiting for or under reconciliation right now. */
  public int pending() {
    return pending.get();
  }

  private void run(UUID id) {
    queued.remove(id);
    Duration retry;
    try {
      retry = reconciler.reconcile(id).retryAfter();
    } catch (RuntimeException e) {
      LOG.warn("Reconciling sandbox {} failed; retrying in {}", id, AFTER_ERROR, e);
      retry = AFTER_ERROR;
    } finally {
      pending.decrementAndGet();
    }
    if (retry != null) {
      if (retry.isZero()) {
        submit(id);
      } else {
        scheduled.add(id);
        lane(id)
            .schedule(
                () -> {
                  scheduled.remove(id);
                  submit(id);
                },
                retry.toMillis(),
                TimeUnit.MILLISECONDS);
      }
    }
  }

  private ScheduledExecutorService lane(UUID id) {
    return lanes[Math.floorMod(id.hashCode(), lanes.length)];
  }

  @Override
  public void close() {
    for (ScheduledExecutorService lane : lanes) {
      lane.shutdownNow();
    }
    for (ScheduledExecutorService lane : lanes) {
      try {
        lane.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
