package bzh.estran.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which Kubernetes API failures are retried, and how long to wait before each retry. */
class KubeRetryTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private static KubernetesClientException failure(int code) {
    return new KubernetesClientException("failure " + code, code, status(code, null));
  }

  private static Status status(int code, Integer retryAfterSeconds) {
    StatusBuilder status =
        new StatusBuilder().withCode(code).withStatus("Failure").withMessage("m");
    if (retryAfterSeconds != null) {
      status.withDetails(
          new StatusDetailsBuilder().withRetryAfterSeconds(retryAfterSeconds).build());
    }
    return status.build();
  }

  private double retriesCounted(int code) {
    var counter = meters.find("estran.kube.retries").tag("code", Integer.toString(code)).counter();
    return counter == null ? 0 : counter.count();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 502, 503, 504})
  void serverSideAndThrottlingCodesAreRetryable(int code) {
    assertThat(KubeRetry.retryable(failure(code))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 410, 422, 501})
  void clientErrorsAreNotRetryable(int code) {
    assertThat(KubeRetry.retryable(failure(code))).isFalse();
  }

  @Test
  void aCallRefusedForWantOfAFreeStreamIsRetriedAndToldApart() {
    KubernetesClientException refused =
        new KubernetesClientException(
            "Operation: [patch] failed.", new IOException("too many concurrent streams"));
    KubernetesClientException broken =
        new KubernetesClientException("io", new IOException("connection reset"));

    assertThat(KubeRetry.retryable(refused)).isTrue();
    assertThat(KubeRetry.noFreeStream(refused)).isTrue();
    assertThat(KubeRetry.noFreeStream(broken)).isFalse();
    assertThat(KubeRetry.noFreeStream(failure(429))).isFalse();
  }

  @Test
  void brokenConnectionsAreRetryableButOtherCodelessFailuresAreNot() {
    assertThat(
            KubeRetry.retryable(
                new KubernetesClientException("io", new ConnectException("refused"))))
        .isTrue();
    assertThat(
            KubeRetry.retryable(
                new KubernetesClientException(
                    "io", new RuntimeException(new IOException("reset")))))
        .isTrue();
    assertThat(KubeRetry.retryable(new KubernetesClientException("no cause"))).isFalse();
    assertThat(
            KubeRetry.retryable(new KubernetesClientException("bad", new IllegalStateException())))
        .isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {403, 404, 409, 422})
  void nonRetryableFailuresAreThrownAtOnce(int code) {
    KubeRetry retry = new KubeRetry(5, meters);
    AtomicInteger calls = new AtomicInteger();
    KubernetesClientException thrown = failure(code);

    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      calls.incrementAndGet();
                      throw thrown;
                    }))
        .isSameAs(thrown);

    assertThat(calls).hasValue(1);
    assertThat(retriesCounted(code)).isZero();
  }

  @Test
  void aRetryableFailureIsRetriedUntilTheCallSucceeds() {
    KubeRetry retry = new KubeRetry(5, meters);
    AtomicInteger calls = new AtomicInteger();

    String result =
        retry.call(
            () -> {
              if (calls.incrementAndGet() <= 2) {
                throw failure(503);
              }
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(calls).hasValue(3);
    assertThat(retriesCounted(503)).isEqualTo(2.0);
  }

  @Test
  void brokenConnectionsAreRetriedToo() {
    KubeRetry retry = new KubeRetry(3, meters);
    AtomicInteger calls = new AtomicInteger();

    int result =
        retry.call(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new KubernetesClientException("io", new ConnectException("refused"));
              }
              return 42;
            });

    assertThat(result).isEqualTo(42);
    assertThat(calls).hasValue(2);
  }

  @Test
  void afterTheLastRetryTheFailureIsThrown() {
    KubeRetry retry = new KubeRetry(2, meters);
    AtomicInteger calls = new AtomicInteger();
    KubernetesClientException last = failure(500);

    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      calls.incrementAndGet();
                      throw last;
                    }))
        .isSameAs(last);

    assertThat(calls).hasValue(3); // the call and two retries
    assertThat(retriesCounted(500)).isEqualTo(2.0);
  }

  @Test
  void noRetriesMeansOneCall() {
    KubeRetry retry = new KubeRetry(0, meters);
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retry.call(
                    () -> {
                      calls.incrementAndGet();
                      throw failure(503);
                    }))
        .isInstanceOf(KubernetesClientException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void waitsWhatTheServerAskedFor() {
    KubernetesClientException throttled =
        new KubernetesClientException("slow down", 429, status(429, 7));
    assertThat(KubeRetry.waitBefore(0, throttled)).isEqualTo(Duration.ofSeconds(7));
    assertThat(KubeRetry.waitBefore(5, throttled)).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void withoutServerAdviceBacksOffFrom100MillisDoublingUpTo5Seconds() {
    KubernetesClientException plain = failure(503);
    assertThat(KubeRetry.waitBefore(0, plain)).isEqualTo(Duration.ofMillis(100));
    assertThat(KubeRetry.waitBefore(1, plain)).isEqualTo(Duration.ofMillis(200));
    assertThat(KubeRetry.waitBefore(2, plain)).isEqualTo(Duration.ofMillis(400));
    assertThat(KubeRetry.waitBefore(5, plain)).isEqualTo(Duration.ofMillis(3200));
    assertThat(KubeRetry.waitBefore(6, plain)).isEqualTo(Duration.ofSeconds(5));
    assertThat(KubeRetry.waitBefore(1000, plain)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aZeroOrMissingRetryAfterFallsBackToTheBackoff() {
    assertThat(KubeRetry.waitBefore(1, new KubernetesClientException("x", 429, status(429, 0))))
        .isEqualTo(Duration.ofMillis(200));
    assertThat(KubeRetry.waitBefore(0, new KubernetesClientException("x", 429, null)))
        .isEqualTo(Duration.ofMillis(100));
    assertThat(KubeRetry.waitBefore(0, new KubernetesClientException("io", new ConnectException())))
        .isEqualTo(Duration.ofMillis(100));
  }
}
