package bzh.estran.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcileQueueTest {

  private final ReconcileQueue queue = new ReconcileQueue(2);
  private final Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final AtomicInteger atOnce = new AtomicInteger();
  private final AtomicInteger mostAtOnce = new AtomicInteger();

  @AfterEach
  void close() {
    queue.close();
  }

  private int runsOf(UUID id) {
    return runs.computeIfAbsent(id, key -> new AtomicInteger()).get();
  }

  private void counted(UUID id) {
    runs.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
  }

  @Test
  void aStuckReconciliationHoldsOneWorkerAndTheOthersGoOnRetriesIncluded() throws Exception {
    UUID stuck = UUID.randomUUID();
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger retried = new AtomicInteger();
    List<UUID> others = java.util.stream.Stream.generate(UUID::randomUUID).limit(50).toList();
    queue.attach(
        id -> {
          counted(id);
          if (id.equals(stuck)) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return ReconcileOutcome.DONE;
          }
          // each other sandbox asks for a retry once, 50 ms later
          return runsOf(id) == 1 ? ReconcileOutcome.after(Duration.ofMillis(50)) : done(retried);
        });

    queue.submit(stuck);
    Eventually.await("the stuck one started", () -> runsOf(stuck) == 1);
    others.forEach(queue::submit);

    Eventually.await(
        "every other sandbox reconciled twice (its retry ran)",
        Duration.ofSeconds(10),
        retried::get,
        count -> count == others.size());
    assertThat(queue.holds(stuck)).isTrue();
    assertThat(queue.pending()).isEqualTo(1);
    release.countDown();
    Eventually.await("the stuck one finished", () -> queue.pending() == 0);
    assertThat(queue.holds(stuck)).isFalse();
  }

  private static ReconcileOutcome done(AtomicInteger retried) {
    retried.incrementAndGet();
    return ReconcileOutcome.DONE;
  }

  @Test
  void aSandboxIsNeverReconciledTwiceAtOnceAndASubmissionDuringItsRunRunsItOnceMore()
      throws Exception {
    UUID id = UUID.randomUUID();
    CountDownLatch inRun = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    queue.attach(
        sandbox -> {
          int now = atOnce.incrementAndGet();
          mostAtOnce.accumulateAndGet(now, Math::max);
          counted(sandbox);
          inRun.countDown();
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            atOnce.decrementAndGet();
          }
          return ReconcileOutcome.DONE;
        });

    queue.submit(id);
    assertThat(inRun.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 20; i++) {
      queue.submit(id); // while it runs, on two workers: waits, and only once
    }
    assertThat(queue.isWaiting(id)).isTrue();
    assertThat(queue.pending()).isEqualTo(1);
    release.countDown();

    Eventually.await("the second run", () -> runsOf(id) == 2 && queue.pending() == 0);
    Thread.sleep(100); // nothing else queued: no third run comes
    assertThat(runsOf(id)).isEqualTo(2);
    assertThat(mostAtOnce.get()).isEqualTo(1);
  }

  @Test
  void aFailingReconciliationIsHeldForItsRetryAndRunAgain() throws Exception {
    UUID id = UUID.randomUUID();
    queue.attach(
        sandbox -> {
          counted(sandbox);
          throw new IllegalStateException("boom");
        });

    queue.submit(id);
    Eventually.await("the first run", () -> runsOf(id) == 1);
    Eventually.await("its retry is scheduled", () -> queue.holds(id) && queue.pending() == 0);
    assertThat(queue.isWaiting(id)).isFalse();
    Eventually.await(
        "the retry, 5 s after the failure", Duration.ofSeconds(10), () -> runsOf(id), n -> n == 2);
  }

  @Test
  void whatWasSubmittedBeforeTheReconcilerWasAttachedWaitsForIt() {
    UUID id = UUID.randomUUID();
    queue.submit(id);
    assertThat(queue.isWaiting(id)).isTrue();

    queue.attach(
        sandbox -> {
          counted(sandbox);
          return ReconcileOutcome.DONE;
        });

    Eventually.await("the run", () -> runsOf(id) == 1 && queue.pending() == 0);
  }
}
