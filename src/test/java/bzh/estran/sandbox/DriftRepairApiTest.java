package bzh.estran.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sweep repairs what was changed on the cluster behind Estran's back. */
class DriftRepairApiTest {

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api alice;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of("ESTRAN_SWEEP_INTERVAL", "PT0.3S"));
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aNamespaceDeletedByHandEndsItsSandboxWithAnEvent() {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");

    app.cluster().client().namespaces().withName(namespace).delete();

    Api.Response ended = fixtures.awaitState(alice, id, "DELETED");
    assertThat(ended.json().path("events").findValuesAsString("type"))
        .containsSubsequence("READY", "NAMESPACE_VANISHED", "DELETED");
  }

  @Test
  void anEstranNamespaceWithNoLiveSandboxIsDeleted() {
    KubernetesClient cluster = app.cluster().client();
    String orphan = "sbx-orphan0000";
    cluster
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(orphan)
                .addToLabels("app.kubernetes.io/managed-by", "estran")
                .addToLabels("estran.bzh/sandbox-id", UUID.randomUUID().toString())
                .endMetadata()
                .build())
        .create();
    String foreign = "team-namespace";
    cluster
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(foreign).endMetadata().build())
        .create();

    Eventually.await(
        "the orphan namespace to be deleted",
        () -> cluster.namespaces().withName(orphan).get() == null);
    assertThat(cluster.namespaces().withName(foreign).get())
        .as("a namespace Estran does not own")
        .isNotNull();
  }

  @Test
  void aQuotaEditedByHandIsRestored() {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");
    KubernetesClient cluster = app.cluster().client();

    cluster
        .resourceQuotas()
        .inNamespace(namespace)
        .withName("estran-quota")
        .edit(
            quota -> {
              quota.getSpec().getHard().put("limits.cpu", new Quantity("64"));
              return quota;
            });

    ResourceQuota restored =
        Eventually.await(
            "the quota to be restored",
            Duration.ofSeconds(20),
            () -> cluster.resourceQuotas().inNamespace(namespace).withName("estran-quota").get(),
            quota ->
                quota.getSpec().getHard().get("limits.cpu").getNumericalAmount().intValue() == 1);
    assertThat(restored.getSpec().getHard().get("requests.memory").getNumericalAmount())
        .isEqualByComparingTo(new Quantity("2Gi").getNumericalAmount());
    Eventually.await(
        "a QUOTA_RESTORED event",
        () ->
            alice
                .get("/api/v1/sandboxes/" + id)
                .json()
                .path("events")
                .findValuesAsString("type")
                .contains("QUOTA_RESTORED"));
    assertThat(app.admin().get("/metrics").body())
        .contains("estran_drift_repaired_total{kind=\"quota-edited\"}");
  }

  @Test
  void deletedIsolationObjectsAreRestored() {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");
    KubernetesClient cluster = app.cluster().client();

    cluster
        .network()
        .networkPolicies()
        .inNamespace(namespace)
        .withName("estran-ingress-isolation")
        .delete();
    cluster.resourceQuotas().inNamespace(namespace).withName("estran-quota").delete();

    Eventually.await(
        "the ingress isolation to be back",
        () ->
            cluster
                    .network()
                    .networkPolicies()
                    .inNamespace(namespace)
                    .withName("estran-ingress-isolation")
                    .get()
                != null);
    Eventually.await(
        "the quota to be back",
        () ->
            cluster.resourceQuotas().inNamespace(namespace).withName("estran-quota").get() != null);
    Eventually.await(
        "an ISOLATION_RESTORED event",
        () ->
            alice
                .get("/api/v1/sandboxes/" + id)
                .json()
                .path("events")
                .findValuesAsString("type")
                .contains("ISOLATION_RESTORED"));
    assertThat(alice.get("/api/v1/sandboxes/" + id).text("state")).isEqualTo("READY");
  }

  @Test
  void provisioningInterruptedByARestartIsFinished() {
    app.faults().failAlways("POST", "/networkpolicies", 503);
    String id;
    try {
      id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
      Eventually.await(
          "the first attempts to fail",
          () ->
              app.faults().seen().stream()
                  .anyMatch(
                      seen ->
                          seen.method().equals("POST")
                              && seen.path().contains("/networkpolicies")));
      app.stop();
    } finally {
      app.faults().clear();
    }
    app.startAgain();
    Api.Response ready = fixtures.awaitState(alice, id, "READY");
    assertThat(
            app.cluster()
                .client()
                .network()
                .networkPolicies()
                .inNamespace(ready.text("namespace"))
                .list()
                .getItems())
        .hasSize(2);
  }
}
