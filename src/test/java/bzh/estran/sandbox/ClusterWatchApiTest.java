package bzh.estran.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.FaultInjector;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drift is seen through the cluster watch, not the sweep (which runs here hourly), every repair
 * goes through the one reconcile path, and what decides a write is the comparison of the cached
 * object with the desired one: an object as desired is never written again, and one that something
 * keeps changing back is left alone after a few tries.
 */
class ClusterWatchApiTest {

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api alice;

  @BeforeAll
  static void start() {
    app = TestApp.start(Map.of("ESTRAN_SWEEP_INTERVAL", "PT1H"));
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aNamespaceDeletedByHandIsNoticedWithoutWaitingForTheSweep() {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");

    app.cluster().client().namespaces().withName(namespace).delete();

    Api.Response ended =
        Eventually.await(
            "the sandbox to end",
            Duration.ofSeconds(15),
            () -> alice.get("/api/v1/sandboxes/" + id),
            response -> "DELETED".equals(response.text("state")));
    assertThat(ended.json().path("events").findValuesAsString("type"))
        .containsSubsequence("READY", "NAMESPACE_VANISHED", "DELETED");
  }

  @Test
  void aQuotaEditedByHandIsRestoredWithoutWaitingForTheSweep() {
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

    Eventually.await(
        "the quota to be restored",
        Duration.ofSeconds(15),
        () -> cluster.resourceQuotas().inNamespace(namespace).withName("estran-quota").get(),
        quota -> quota.getSpec().getHard().get("limits.cpu").getNumericalAmount().intValue() == 1);
    Eventually.await(
        "a QUOTA_RESTORED event",
        () ->
            alice
                .get("/api/v1/sandboxes/" + id)
                .json()
                .path("events")
                .findValuesAsString("type")
                .contains("QUOTA_RESTORED"));
  }

  @Test
  void aRepairDoesNotWakeItselfUp() throws InterruptedException {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");
    KubernetesClient cluster = app.cluster().client();

    cluster.limitRanges().inNamespace(namespace).withName("estran-limits").delete();
    Eventually.await(
        "the limit range to be back",
        () -> cluster.limitRanges().inNamespace(namespace).withName("estran-limits").get() != null);
    Thread.sleep(1500); // let the watch report the repair's own writes
    long before = writesIn(namespace);
    Thread.sleep(2000);

    assertThat(writesIn(namespace))
        .as("writes to %s after the repair settled", namespace)
        .isEqualTo(before);
    assertThat(
            alice
                .get("/api/v1/sandboxes/" + id)
                .json()
                .path("events")
                .findValuesAsString("type")
                .stream()
                .filter("ISOLATION_RESTORED"::equals)
                .count())
        .isEqualTo(1);
  }

  @Test
  void aLabelledObjectNoLongerDesiredIsDeletedAtTheNextReconcile() throws InterruptedException {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");
    KubernetesClient cluster = app.cluster().client();
    // as if an older version of the template had held it
    cluster
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("left-over")
                .addToLabels("app.kubernetes.io/managed-by", "estran")
                .addToLabels("estran.bzh/sandbox-id", id)
                .endMetadata()
                .addToData("k", "v")
                .build())
        .create();
    cluster
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("the-users-own")
                .endMetadata()
                .addToData("k", "v")
                .build())
        .create();
    Thread.sleep(500); // the reconcile finds it in the watch's cache: let the watch see it first
    cluster
        .network()
        .networkPolicies()
        .inNamespace(namespace)
        .withName("estran-egress-isolation")
        .delete();

    Eventually.await(
        "the left-over to be deleted",
        () -> cluster.configMaps().inNamespace(namespace).withName("left-over").get() == null);
    assertThat(cluster.configMaps().inNamespace(namespace).withName("the-users-own").get())
        .as("an object without Estran's labels")
        .isNotNull();
    assertThat(
            cluster
                .network()
                .networkPolicies()
                .inNamespace(namespace)
                .withName("estran-egress-isolation")
                .get())
        .isNotNull();
  }

  @Test
  void theTemplatesObjectsAreTheUsersOnceReady() {
    String id = fixtures.sandbox(alice, "{\"template\":\"web-app\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");
    KubernetesClient cluster = app.cluster().client();

    // what the template describes: "ready to replace with your own image"
    cluster
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName("web")
        .edit(
            web -> {
              web.getSpec().setReplicas(3);
              web.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .setImage("registry.example/alice/shop:1");
              return web;
            });
    cluster.services().inNamespace(namespace).withName("web").delete();
    // then something Estran does put back: the reconcile that follows sees the user's changes
    cluster.limitRanges().inNamespace(namespace).withName("estran-limits").delete();
    Eventually.await(
        "the limit range to be back",
        () -> cluster.limitRanges().inNamespace(namespace).withName("estran-limits").get() != null);
    // and a whole convergence of the desired set, as an extension (or the periodic resync) makes
    Api.Response extended =
        alice.post("/api/v1/sandboxes/" + id + "/extend", "{\"duration\":\"PT1H\"}");
    assertThat(extended.status()).as(extended.toString()).isEqualTo(200);
    Eventually.await(
        "the new expiry on the namespace",
        () ->
            extended
                .text("expiresAt")
                .equals(
                    cluster
                        .namespaces()
                        .withName(namespace)
                        .get()
                        .getMetadata()
                        .getAnnotations()
                        .get("estran.bzh/expires-at")));

    Deployment web = cluster.apps().deployments().inNamespace(namespace).withName("web").get();
    assertThat(web.getSpec().getReplicas()).isEqualTo(3);
    assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/alice/shop:1");
    assertThat(cluster.services().inNamespace(namespace).withName("web").get()).isNull();
    assertThat(
            alice.get("/api/v1/sandboxes/" + id).json().path("events").findValuesAsString("type"))
        .contains("ISOLATION_RESTORED")
        .doesNotContain("OBJECTS_RESTORED");
  }

  @Test
  void aTemplateObjectLabelledAsEstransByAnEarlierVersionIsNeitherUndoneNorDeleted()
      throws InterruptedException {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");
    KubernetesClient cluster = app.cluster().client();

    // earlier versions of Estran gave the template's objects its managed-by label too
    cluster
        .configMaps()
        .inNamespace(namespace)
        .withName("welcome")
        .edit(
            welcome -> {
              welcome.getMetadata().getLabels().put("app.kubernetes.io/managed-by", "estran");
              welcome.setData(Map.of("notes", "mine"));
              return welcome;
            });
    Thread.sleep(500); // the reconcile finds it in the watch's cache: let the watch see it first
    cluster.limitRanges().inNamespace(namespace).withName("estran-limits").delete();
    Eventually.await(
        "the limit range to be back",
        () -> cluster.limitRanges().inNamespace(namespace).withName("estran-limits").get() != null);

    assertThat(cluster.configMaps().inNamespace(namespace).withName("welcome").get().getData())
        .containsOnly(Map.entry("notes", "mine"));
  }

  @Test
  void theWatchCountsWhatItReceivesByKindAndType() {
    double quotasAdded = watchEvents("ResourceQuota", "added");
    double limitsDeleted = watchEvents("LimitRange", "deleted");
    String id = fixtures.sandbox(alice, "{\"template\":\"web-app\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");

    app.cluster().client().limitRanges().inNamespace(namespace).withName("estran-limits").delete();

    Eventually.await(
        "the deletion counted", () -> watchEvents("LimitRange", "deleted") >= limitsDeleted + 1);
    assertThat(watchEvents("ResourceQuota", "added")).isGreaterThanOrEqualTo(quotasAdded + 1);
    assertThat(app.admin().get("/metrics").body())
        .as("a template's kinds are not watched")
        .doesNotContain("estran_watch_events_total{kind=\"Deployment\"");
  }

  @Test
  void provisioningWritesEachObjectOnceAndReadsNothing() {
    int before = app.faults().seen().size();
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");

    List<FaultInjector.Seen> all = app.faults().seen();
    List<FaultInjector.Seen> requests =
        all.subList(before, all.size()).stream()
            .filter(seen -> seen.path().contains("/namespaces/" + namespace))
            .filter(seen -> !seen.path().contains("watch="))
            .toList();
    // starter: namespace, quota, limits, two policies, account, role, binding, one ConfigMap
    assertThat(requests.stream().filter(seen -> seen.method().equals("POST")).count())
        .as("writes: %s", requests)
        .isEqualTo(8);
    assertThat(requests.stream().filter(seen -> seen.method().equals("GET")).count())
        .as("reads: %s", requests)
        .isZero();
  }

  @Test
  void aChangeThatLeavesWhatEstranSetsAloneIsNotUndoneAndARepairWritesOnlyWhatDiffers() {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");
    KubernetesClient cluster = app.cluster().client();
    long before = writesIn(namespace);

    // a label of the user's own, and a quota key Estran does not set: the watch wakes the sandbox
    cluster
        .resourceQuotas()
        .inNamespace(namespace)
        .withName("estran-quota")
        .edit(
            quota -> {
              quota.getMetadata().getLabels().put("team", "churn");
              quota.getSpec().getHard().put("configmaps", new Quantity("20"));
              return quota;
            });
    cluster.limitRanges().inNamespace(namespace).withName("estran-limits").delete();
    Eventually.await(
        "the limit range to be back",
        () -> cluster.limitRanges().inNamespace(namespace).withName("estran-limits").get() != null);

    // the test's own edit and deletion, and the one create of the limit range
    assertThat(writesIn(namespace) - before).as("writes to %s", namespace).isEqualTo(3);
    assertThat(
            cluster
                .resourceQuotas()
                .inNamespace(namespace)
                .withName("estran-quota")
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("team", "churn");
  }

  @Test
  void anObjectSomethingKeepsChangingBackIsLeftAloneAfterAFewRepairs() throws Exception {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");
    KubernetesClient cluster = app.cluster().client();
    String quotaPath = "/namespaces/" + namespace + "/resourcequotas/estran-quota";
    long before = writesTo(quotaPath);

    // another controller that sets the quota's CPU limit back to 64 whenever it is not, until
    // Estran has stopped undoing it for 3 s (or for 25 s, under the 30 s the backoff waits)
    java.util.concurrent.atomic.AtomicInteger theirs =
        new java.util.concurrent.atomic.AtomicInteger();
    long started = System.nanoTime();
    long lastTheirs = started;
    while (System.nanoTime() - started < Duration.ofSeconds(25).toNanos()) {
      ResourceQuota quota =
          cluster.resourceQuotas().inNamespace(namespace).withName("estran-quota").get();
      if (quota != null
          && quota.getSpec().getHard().get("limits.cpu").getNumericalAmount().intValue() != 64) {
        quota.getSpec().getHard().put("limits.cpu", new Quantity("64"));
        quota.getMetadata().setResourceVersion(null);
        cluster.resource(quota).update();
        theirs.incrementAndGet();
        lastTheirs = System.nanoTime();
      } else if (theirs.get() > 0 && System.nanoTime() - lastTheirs > 3_000_000_000L) {
        break;
      }
      Thread.sleep(20);
    }

    // four writes before the backoff (at most two requests each: an update that meets the other
    // side's newer version is made again once); unguarded, it would be dozens
    long estrans = writesTo(quotaPath) - before - theirs.get();
    assertThat(estrans)
        .as("Estran's writes of the quota (the other side: %s)", theirs)
        .isBetween(1L, 8L);
  }

  private static double watchEvents(String kind, String type) {
    Matcher sample =
        Pattern.compile(
                "estran_watch_events_total\\{kind=\""
                    + kind
                    + "\",type=\""
                    + type
                    + "\"\\} ([0-9.eE+]+)")
            .matcher(app.admin().get("/metrics").body());
    return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
  }

  private static long writesTo(String pathPart) {
    return app.faults().seen().stream()
        .filter(seen -> !seen.method().equals("GET"))
        .filter(seen -> seen.path().contains(pathPart))
        .count();
  }

  private static long writesIn(String namespace) {
    return app.faults().seen().stream()
        .filter(seen -> !seen.method().equals("GET"))
        .filter(seen -> seen.path().contains("/namespaces/" + namespace))
        .count();
  }
}
