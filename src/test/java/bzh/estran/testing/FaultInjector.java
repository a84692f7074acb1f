package bzh.estran.testing;

import bzh.estran.kube.SimulatedCluster;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Makes the simulated API server fail chosen requests, the way a real one does: errors, refusals,
 * {@code 429 Too Many Requests} with {@code Retry-After}. It also records every request it sees.
 */
public final class FaultInjector implements SimulatedCluster.Interceptor {

  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch held;

  /** A request the server received, and when. */
  public record Seen(Instant at, String method, String path) {}

  private record Fault(
      Predicate<RecordedRequest> matches, AtomicInteger remaining, int status, String retryAfter) {}

  /**
   * The next {@code times} requests matching {@code method} and a path containing {@code pathPart}
   * fail.
   */
  public void fail(String method, String pathPart, int status, int times) {
    faults.add(new Fault(matcher(method, pathPart), new AtomicInteger(times), status, null));
  }

  /** The next {@code times} matching requests answer 429 with {@code Retry-After: seconds}. */
  public void throttle(String method, String pathPart, int seconds, int times) {
    faults.add(
        new Fault(
            matcher(method, pathPart), new AtomicInteger(times), 429, Integer.toString(seconds)));
  }

  /** Every matching request fails, until {@link #clear()}. */
  public void failAlways(String method, String pathPart, int status) {
    fail(method, pathPart, status, Integer.MAX_VALUE);
  }

  /**
   * Every request waits, unanswered, until {@link #release()}: an API server that stops answering
   * for a while. The simulated server's threads wait with it (its event loops are blocked), so
   * nothing it serves moves meanwhile; keep it short (under the client's 10 s request timeout).
   */
  public void hold() {
    held = new CountDownLatch(1);
  }

  /** Answers the requests held since {@link #hold()}, and the next ones at once. */
  public void release() {
    CountDownLatch gate = held;
    held = null;
    if (gate != null) {
      gate.countDown();
    }
  }

  public void clear() {
    faults.clear();
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  @Override
  public Optional<MockResponse> apply(RecordedRequest request) {
    seen.add(new Seen(Instant.now(), request.getMethod(), request.getPath()));
    waitIfHeld();
    for (Fault fault : faults) {
      if (fault.matches().test(request) && fault.remaining().getAndDecrement() > 0) {
        MockResponse response =
            new MockResponse()
                .setResponseCode(fault.status())
                .setHeader("Content-Type", "application/json")
                .setBody(status(fault.status(), fault.retryAfter()));
        if (fault.retryAfter() != null) {
          response.setHeader("Retry-After", fault.retryAfter());
        }
        return Optional.of(response);
      }
    }
    return Optional.empty();
  }

  private void waitIfHeld() {
    CountDownLatch gate = held;
    boolean interrupted = false;
    while (gate != null) {
      try {
        gate.await();
        gate = null;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static Predicate<RecordedRequest> matcher(String method, String pathPart) {
    return request -> request.getMethod().equals(method) && request.getPath().contains(pathPart);
  }

  /**
   * A Status like the API server's; a 429 carries retryAfterSeconds in its details, as APF sends.
   */
  private static String status(int code, String retryAfter) {
    String details =
        retryAfter == null ? "" : ",\"details\":{\"retryAfterSeconds\":" + retryAfter + "}";
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":"
        + code
        + ",\"message\":\"injected fault "
        + code
        + "\",\"reason\":\"InjectedFault\""
        + details
        + "}";
  }
}
