package bzh.estran.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.FaultInjector;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kubernetes errors while provisioning: retried with backoff, then FAILED with nothing left. */
class ProvisioningFailureApiTest {

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api alice;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of("ESTRAN_PROVISIONING_ATTEMPTS", "3"));
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @AfterEach
  void clearFaults() {
    app.faults().clear();
  }

  @Test
  void aPassingFaultIsRetriedAndTheSandboxBecomesReady() {
    app.faults().fail("POST", "/limitranges", 403, 2);
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");

    Api.Response ready = fixtures.awaitState(alice, id, "READY");
    List<String> events = ready.json().path("events").findValuesAsString("type");
    assertThat(events)
        .containsExactly("REQUESTED", "PROVISIONING_RETRY", "PROVISIONING_RETRY", "READY");
    assertThat(ready.json().path("events").get(1).path("message").asString())
        .contains("Attempt 1 of 3 failed")
        .contains("403");
  }

  @Test
  void aLastingFaultFailsTheSandboxAndRemovesWhatWasMade() {
    app.faults().failAlways("POST", "/rolebindings", 403);
    String id = fixtures.sandbox(alice, "{\"template\":\"web-app\"}");

    Api.Response failed = fixtures.awaitState(alice, id, "FAILED");
    assertThat(failed.text("failure")).contains("403").contains("injected fault");
    assertThat(failed.json().path("events").findValuesAsString("type"))
        .containsExactly("REQUESTED", "PROVISIONING_RETRY", "PROVISIONING_RETRY", "FAILED");
    String namespace = failed.text("namespace");
    assertThat(app.cluster().client().namespaces().withName(namespace).get()).isNull();
    assertThat(alice.get("/api/v1/sandboxes/" + id + "/kubeconfig").status()).isEqualTo(409);
  }

  @Test
  void tooManyRequestsIsRetriedAfterTheDelayTheServerAsks() {
    app.faults().throttle("POST", "/serviceaccounts", 1, 1);
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");

    Api.Response ready = fixtures.awaitState(alice, id, "READY");
    assertThat(ready.json().path("events").findValuesAsString("type"))
        .as("the client's own retry absorbed the 429")
        .containsExactly("REQUESTED", "READY");
    List<FaultInjector.Seen> posts =
        app.faults().seen().stream()
            .filter(
                seen ->
                    seen.method().equals("POST")
                        && seen.path().endsWith("/" + ready.text("namespace") + "/serviceaccounts"))
            .toList();
    assertThat(posts).hasSize(2);
    assertThat(Duration.between(posts.get(0).at(), posts.get(1).at()))
        .as("Retry-After: 1 was honoured; requests " + posts)
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void aDeleteDuringProvisioningWinsOverTheRetries() {
    app.faults().failAlways("POST", "/resourcequotas", 503);
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    assertThat(alice.delete("/api/v1/sandboxes/" + id).status()).isEqualTo(202);
    app.faults().clear();

    Api.Response deleted = fixtures.awaitState(alice, id, "DELETED");
    assertThat(app.cluster().client().namespaces().withName(deleted.text("namespace")).get())
        .isNull();
  }
}
