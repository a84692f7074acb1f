package bzh.estran.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries Kubernetes API calls that the server asks to retry: {@code 429 Too Many Requests}
 * (waiting the {@code retryAfterSeconds} it sends, as API Priority and Fairness does), 5xx, and
 * broken connections (backing off exponentially from 100 ms to 5 s). Other errors are thrown at
 * once. (Fabric8 8.0.0's own retry logs the server's Retry-After but waits its own backoff, so
 * Estran turns it off and retries here.)
 */
public final class KubeRetry {

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final int maxRetries;
  private final MeterRegistry meters;

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
        || (code <= 0 && hasCause(e, IOException.class));
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

  private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
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
