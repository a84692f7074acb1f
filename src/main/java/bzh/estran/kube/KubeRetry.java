package bzh.estran.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries Kubernetes API calls that the server asks to retry: {@code 429 Too Many Requests}
 * (waiting the {@code retryAfterSeconds} it sends, as API Priority and Fairness does), 5xx, and
 * broken connections (backing off exponentially from 100 ms to 5 s). Other errors are thrown at
 * once. (Fabric8 8.0.0's own retry logs the server's Retry-After but waits its own backoff, so
 * Estran turns it off and retries here.) A call the JDK client refused because every HTTP/2 stream
 * of the connection was in use is retried the same way, and said once in the log: it means more
 * calls in flight than the API server allows on one connection.
 */
public final class KubeRetry {

  private static final Logger LOG = LoggerFactory.getLogger(KubeRetry.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  /** What the JDK's HTTP/2 client says when a connection has no free stream for a request. */
  private static final String NO_FREE_STREAM = "too many concurrent streams";

  private final int maxRetries;
  private final MeterRegistry meters;
  private final AtomicBoolean toldOfStreams = new AtomicBoolean();

  public KubeRetry(int maxRetries, MeterRegistry meters) {
    this.maxRetries = maxRetries;
    this.meters = meters;
  }

  public <T> T call(Supplier<T> call) {
    for (int retry = 0; ; retry++) {
      try {
        return call.get();
      } catch (KubernetesClientException e) {
        if (retry >= maxRetries || !retryable(e)) {
          throw e;
        }
        meters.counter("estran.kube.retries", "code", Integer.toString(e.getCode())).increment();
        if (noFreeStream(e) && toldOfStreams.compareAndSet(false, true)) {
          LOG.warn(
              "More Kubernetes calls at once than the API server's HTTP/2 connection allows (its"
                  + " streams per connection, --http2-max-streams-per-connection, 250 by default):"
                  + " the client refused some, and Estran retries them after a pause. Set"
                  + " ESTRAN_KUBE_MAX_IN_FLIGHT to that limit or less. (Said once.)");
        }
        sleep(waitBefore(retry, e));
      }
    }
  }

  static boolean retryable(KubernetesClientException e) {
    int code = e.getCode();
    return code == 429
        || code == 500
        || code == 502
        || code == 503
        || code == 504
        || (code <= 0 && hasCause(e, IOException.class::isInstance));
  }

  /** Whether the client refused the call for want of a free HTTP/2 stream on its connection. */
  static boolean noFreeStream(KubernetesClientException e) {
    return hasCause(
        e, cause -> cause instanceof IOException && NO_FREE_STREAM.equals(cause.getMessage()));
  }

  /** What the server asked for, else an exponential backoff. */
  static Duration waitBefore(int retry, KubernetesClientException e) {
    Status status = e.getStatus();
    if (status != null
        && status.getDetails() != null
        && status.getDetails().getRetryAfterSeconds() != null
        && status.getDetails().getRetryAfterSeconds() > 0) {
      return Duration.ofSeconds(status.getDetails().getRetryAfterSeconds());
    }
    Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(retry, 16));
    return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
  }

  private static boolean hasCause(Throwable error, Predicate<Throwable> test) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (test.test(cause)) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while waiting to retry a Kubernetes call");
    }
  }
}
