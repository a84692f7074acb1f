package bzh.estran.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for asynchronous work to reach a state: polls, and fails with the last value seen. */
public final class Eventually {

  private Eventually() {}

  public static <T> T await(
      String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      last = probe.get();
    }
    return last;
  }

  public static void await(String what, Supplier<Boolean> condition) {
    await(what, Duration.ofSeconds(20), condition, Boolean::booleanValue);
  }
}
