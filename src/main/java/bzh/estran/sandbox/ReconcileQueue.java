package bzh.estran.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link SandboxReconciler#reconcile} off the request threads, as a work queue in the manner
 * of client-go's: any free worker takes the oldest sandbox waiting; a sandbox is never reconciled
 * twice at once in this process; one queued again while it waits is run once, and one queued again
 * while it is being reconciled is run once more after. A slow or stuck reconciliation holds one
 * worker and delays nothing else (workers are not lanes by sandbox id, where it would hold every
 * sandbox of its lane, retries included). Retries wait on a timer of their own, then queue as
 * above.
 */
public final class ReconcileQueue implements AutoCloseable {

  /** What the queue runs: one reconciliation of one sandbox. */
  @FunctionalInterface
  public interface Work {
    ReconcileOutcome reconcile(UUID id);
  }

  private static final Logger LOG = LoggerFactory.getLogger(ReconcileQueue.class);
  private static final Duration AFTER_ERROR = Duration.ofSeconds(5);

  private final Object lock = new Object();
  // guarded by lock: waiting in order; waiting (a sandbox once); being reconciled
  private final ArrayDeque<UUID> order = new ArrayDeque<>();
  private final Set<UUID> waiting = new HashSet<>();
  private final Set<UUID> running = new HashSet<>();
  private boolean closed;

  /** Retries on the timer, by when they are due (System.nanoTime). */
  private final Map<UUID, Long> retries = new ConcurrentHashMap<>();

  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService timer;
  private volatile Work work;

  public ReconcileQueue(int workers) {
    for (int i = 0; i < workers; i++) {
      Thread thread = new Thread(this::work, "estran-reconcile-" + i);
      thread.setDaemon(true);
      this.workers.add(thread);
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "estran-reconcile-retries");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Connects the reconciler and starts the workers; the two refer to each other, so this closes the
   * loop once at start. What was submitted before waits for it.
   */
  public void attach(Work work) {
    this.work = work;
    workers.forEach(Thread::start);
  }

  /** Connects the reconciler ({@link #attach(Work)}). */
  public void attach(SandboxReconciler reconciler) {
    attach((Work) reconciler::reconcile);
  }

  /** Queues the sandbox for reconciliation, unless it is already waiting for its turn. */
  public void submit(UUID id) {
    synchronized (lock) {
      if (closed || !waiting.add(id)) {
        return;
      }
      if (!running.contains(id)) {
        order.addLast(id);
        lock.notify();
      }
    }
  }

  /** Whether the sandbox is waiting for its turn in this process (not yet being reconciled). */
  public boolean isWaiting(UUID id) {
    synchronized (lock) {
      return waiting.contains(id);
    }
  }

  /**
   * Whether this process will come back to the sandbox by itself: waiting for its turn, being
   * reconciled, or given a retry that is not overdue.
   */
  public boolean holds(UUID id) {
    synchronized (lock) {
      if (waiting.contains(id) || running.contains(id)) {
        return true;
      }
    }
    Long due = retries.get(id);
    return due != null && System.nanoTime() - due < TimeUnit.SECONDS.toNanos(30);
  }

  /** Sandboxes waiting for or under reconciliation right now. */
  public int pending() {
    synchronized (lock) {
      int both = 0;
      for (UUID id : running) {
        both += waiting.contains(id) ? 1 : 0;
      }
      return waiting.size() + running.size() - both;
    }
  }

  private void work() {
    while (true) {
      UUID id;
      synchronized (lock) {
        while (order.isEmpty() && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        id = order.removeFirst();
        waiting.remove(id);
        running.add(id);
      }
      Duration retry = AFTER_ERROR; // kept if an Error ends this worker: the sandbox is not lost
      try {
        retry = run(id);
      } finally {
        synchronized (lock) {
          running.remove(id);
          if (waiting.contains(id)) {
            order.addLast(id); // queued again while it was reconciled: once more, now
            lock.notify();
          }
        }
        if (retry != null) {
          later(id, retry);
        }
      }
    }
  }

  private Duration run(UUID id) {
    try {
      return work.reconcile(id).retryAfter();
    } catch (RuntimeException e) {
      LOG.warn("Reconciling sandbox {} failed; retrying in {}", id, AFTER_ERROR, e);
      return AFTER_ERROR;
    }
  }

  private void later(UUID id, Duration retry) {
    if (retry.isZero()) {
      submit(id);
      return;
    }
    long due = System.nanoTime() + retry.toNanos();
    retries.merge(id, due, Math::min);
    try {
      timer.schedule(
          () -> {
            retries.remove(id, due);
            submit(id);
          },
          retry.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      retries.remove(id, due);
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    timer.shutdownNow();
    for (Thread worker : workers) {
      worker.interrupt();
    }
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (Thread worker : workers) {
      try {
        long left = until - System.nanoTime();
        if (left > 0 && worker.isAlive()) {
          worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
