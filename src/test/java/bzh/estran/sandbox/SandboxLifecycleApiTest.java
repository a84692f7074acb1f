package bzh.estran.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A sandbox's whole life over HTTP, with the simulated API server as the cluster. */
class SandboxLifecycleApiTest {

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api alice;
  private static Api bob;
  private static Api ubsAdmin;
  private static Api mallory;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    fixtures.institution("imt");
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
    bob = fixtures.member("ubs", "bob@univ-ubs.fr", "member");
    ubsAdmin = fixtures.member("ubs", "admin@univ-ubs.fr", "institution-admin");
    mallory = fixtures.member("imt", "mallory@imt-atlantique.fr", "member");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void createdSandboxBecomesReadyWithAnIsolatedNamespace() {
    Api.Response created =
        alice.post("/api/v1/sandboxes", "{\"template\":\"web-app\",\"duration\":\"PT2H\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    JsonNode body = created.json();
    assertThat(body.path("state").asString()).isEqualTo("PROVISIONING");
    assertThat(body.path("owner").asString()).isEqualTo("alice@univ-ubs.fr");
    assertThat(body.path("institution").asString()).isEqualTo("ubs");
    assertThat(body.path("template").asString()).isEqualTo("web-app");
    Instant createdAt = Instant.parse(body.path("createdAt").asString());
    assertThat(Instant.parse(body.path("expiresAt").asString()))
        .isEqualTo(createdAt.plus(Duration.ofHours(2)));
    String id = body.path("id").asString();
    String namespace = body.path("namespace").asString();

    Api.Response ready = fixtures.awaitState(alice, id, "READY");
    assertThat(ready.json().path("readyAt").isNull()).isFalse();
    assertThat(ready.json().path("events").findValuesAsString("type"))
        .containsExactly("REQUESTED", "READY");

    KubernetesClient cluster = app.cluster().client();
    Namespace ns = cluster.namespaces().withName(namespace).get();
    assertThat(ns.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "estran")
        .containsEntry("estran.bzh/sandbox-id", id)
        .containsEntry("estran.bzh/institution", "ubs")
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    assertThat(ns.getMetadata().getAnnotations())
        .containsEntry("estran.bzh/expires-at", body.path("expiresAt").asString());
    ResourceQuota quota =
        cluster.resourceQuotas().inNamespace(namespace).withName("estran-quota").get();
    assertThat(quota.getSpec().getHard().get("limits.cpu").getNumericalAmount())
        .isEqualByComparingTo("2");
    assertThat(cluster.limitRanges().inNamespace(namespace).list().getItems()).hasSize(1);
    assertThat(cluster.network().networkPolicies().inNamespace(namespace).list().getItems())
        .extracting(policy -> policy.getMetadata().getName())
        .containsExactlyInAnyOrder("estran-ingress-isolation", "estran-egress-isolation");
    assertThat(cluster.serviceAccounts().inNamespace(namespace).withName("sandbox-user").get())
        .isNotNull();
    assertThat(cluster.rbac().roles().inNamespace(namespace).withName("sandbox-user").get())
        .isNotNull();
    assertThat(cluster.rbac().roleBindings().inNamespace(namespace).withName("sandbox-user").get())
        .isNotNull();
    assertThat(cluster.apps().deployments().inNamespace(namespace).withName("web").get())
        .isNotNull();
    assertThat(cluster.services().inNamespace(namespace).withName("web").get()).isNotNull();
  }

  @Test
  void ownerDownloadsAKubeconfigThatReachesTheNamespace() {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT1H\"}");
    Api.Response sandbox = fixtures.awaitState(alice, id, "READY");

    Api.Response kubeconfig = alice.get("/api/v1/sandboxes/" + id + "/kubeconfig");
    assertThat(kubeconfig.status()).as(kubeconfig.toString()).isEqualTo(200);
    assertThat(kubeconfig.contentType()).startsWith("application/yaml");
    assertThat(kubeconfig.body())
        .contains("server: \"" + app.cluster().url() + "\"")
        .contains("namespace: \"" + sandbox.text("namespace") + "\"")
        .contains("token: \"simulated.")
        .contains("# expires " + sandbox.text("expiresAt"));

    assertThat(bob.get("/api/v1/sandboxes/" + id + "/kubeconfig").status()).isEqualTo(404);
    assertThat(ubsAdmin.get("/api/v1/sandboxes/" + id + "/kubeconfig").status()).isEqualTo(403);
    assertThat(mallory.get("/api/v1/sandboxes/" + id + "/kubeconfig").status()).isEqualTo(404);
  }

  @Test
  void kubeconfigIsRefusedUntilTheSandboxIsReady() {
    app.faults().failAlways("POST", "/resourcequotas", 503);
    try {
      String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
      Api.Response early = alice.get("/api/v1/sandboxes/" + id + "/kubeconfig");
      assertThat(early.status()).isEqualTo(409);
      assertThat(early.errorCode()).isEqualTo("conflict");
      alice.delete("/api/v1/sandboxes/" + id);
    } finally {
      app.faults().clear();
    }
  }

  @Test
  void deletingEndsTheSandboxAndRemovesItsNamespace() {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");

    Api.Response deleting = alice.delete("/api/v1/sandboxes/" + id);
    assertThat(deleting.status()).isEqualTo(202);
    assertThat(deleting.text("state")).isIn("DELETING", "DELETED");

    Api.Response deleted = fixtures.awaitState(alice, id, "DELETED");
    assertThat(deleted.json().path("deletedAt").isNull()).isFalse();
    assertThat(deleted.json().path("events").findValuesAsString("type"))
        .containsSubsequence("READY", "DELETE_REQUESTED", "DELETED");
    assertThat(app.cluster().client().namespaces().withName(namespace).get()).isNull();
    bzh.estran.testing.Eventually.await(
        "what the namespace held to go with it",
        () ->
            app.cluster().client().configMaps().inNamespace(namespace).list().getItems().isEmpty()
                && app.cluster()
                    .client()
                    .serviceAccounts()
                    .inNamespace(namespace)
                    .list()
                    .getItems()
                    .isEmpty());

    Api.Response again = alice.delete("/api/v1/sandboxes/" + id);
    assertThat(again.status()).isEqualTo(409);
  }

  @Test
  void extendingMovesTheExpiryWithinTheTemplateMaximum() {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"P6D\"}");
    Api.Response ready = fixtures.awaitState(alice, id, "READY");
    Instant createdAt = Instant.parse(ready.text("createdAt"));

    Api.Response extended =
        alice.post("/api/v1/sandboxes/" + id + "/extend", "{\"duration\":\"PT12H\"}");
    assertThat(extended.status()).as(extended.toString()).isEqualTo(200);
    assertThat(Instant.parse(extended.text("expiresAt")))
        .isEqualTo(createdAt.plus(Duration.ofDays(6)).plus(Duration.ofHours(12)));

    Api.Response tooFar =
        alice.post("/api/v1/sandboxes/" + id + "/extend", "{\"duration\":\"PT13H\"}");
    assertThat(tooFar.status()).isEqualTo(400);
    assertThat(
            tooFar.json().path("error").path("details").path("fields").path("duration").asString())
        .contains("P7D")
        .contains("PT12H more");

    Api.Response bad = alice.post("/api/v1/sandboxes/" + id + "/extend", "{\"duration\":\"soon\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bob.post("/api/v1/sandboxes/" + id + "/extend", "{\"duration\":\"PT1H\"}").status())
        .isEqualTo(404);

    String namespace = ready.text("namespace");
    io.fabric8.kubernetes.api.model.Namespace ns =
        bzh.estran.testing.Eventually.await(
            "expiry annotation to follow the extension",
            Duration.ofSeconds(10),
            () -> app.cluster().client().namespaces().withName(namespace).get(),
            current ->
                extended
                    .text("expiresAt")
                    .equals(current.getMetadata().getAnnotations().get("estran.bzh/expires-at")));
    assertThat(ns).isNotNull();
  }

  @Test
  void badInputIsRefusedWithTheFieldAndLeavesNothingBehind() {
    int namespacesBefore = app.cluster().client().namespaces().list().getItems().size();
    int rowsBefore = sandboxRows();

    Api.Response response =
        alice.post(
            "/api/v1/sandboxes",
            "{\"template\":\"starter\",\"duration\":\"P8D\",\"name\":\"Not A Name\",\"datasets\":[\"nope\"]}");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_request");
    JsonNode fields = response.json().path("error").path("details").path("fields");
    assertThat(fields.path("duration").asString()).contains("must not exceed P7D");
    assertThat(fields.path("name").asString()).contains("lowercase");
    assertThat(fields.path("datasets").asString()).contains("nope");

    assertThat(
            alice
                .post("/api/v1/sandboxes", "{\"template\":\"nope\"}")
                .json()
                .path("error")
                .path("details")
                .path("fields")
                .path("template")
                .asString())
        .contains("starter");
    assertThat(alice.post("/api/v1/sandboxes", "{}").status()).isEqualTo(400);
    assertThat(alice.post("/api/v1/sandboxes", "not json").status()).isEqualTo(400);
    assertThat(
            alice
                .post("/api/v1/sandboxes", "{\"template\":\"starter\",\"duration\":\"PT5M\"}")
                .status())
        .isEqualTo(400);
    Api.Response wrongType =
        alice.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"datasets\":\"x\"}");
    assertThat(wrongType.json().path("error").path("details").path("fields").has("datasets"))
        .isTrue();
    assertThat(
            alice
                .post("/api/v1/sandboxes", "{\"template\":\"starter\",\"institution\":\"imt\"}")
                .status())
        .isEqualTo(404);

    assertThat(sandboxRows()).isEqualTo(rowsBefore);
    assertThat(app.cluster().client().namespaces().list().getItems()).hasSize(namespacesBefore);
  }

  @Test
  void namesAreUniqueAmongAnOwnersLiveSandboxes() {
    fixtures.sandbox(alice, "{\"template\":\"starter\",\"name\":\"lab-1\"}");
    Api.Response clash =
        alice.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"name\":\"lab-1\"}");
    assertThat(clash.status()).isEqualTo(409);
    assertThat(fixtures.sandbox(bob, "{\"template\":\"starter\",\"name\":\"lab-1\"}")).isNotBlank();
  }

  @Test
  void listingShowsEachCallerWhatTheyMaySee() {
    String aliceOwn = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String bobOwn = fixtures.sandbox(bob, "{\"template\":\"starter\"}");
    String malloryOwn = fixtures.sandbox(mallory, "{\"template\":\"starter\"}");

    assertThat(ids(alice.get("/api/v1/sandboxes")))
        .contains(aliceOwn)
        .doesNotContain(bobOwn, malloryOwn);
    assertThat(ids(ubsAdmin.get("/api/v1/sandboxes")))
        .contains(aliceOwn, bobOwn)
        .doesNotContain(malloryOwn);
    assertThat(ids(ubsAdmin.get("/api/v1/sandboxes?owner=me"))).doesNotContain(aliceOwn, bobOwn);
    assertThat(ids(app.admin().get("/api/v1/sandboxes?limit=500")))
        .contains(aliceOwn, bobOwn, malloryOwn);
    assertThat(ids(app.admin().get("/api/v1/sandboxes?institution=imt&limit=500")))
        .contains(malloryOwn)
        .doesNotContain(aliceOwn);

    assertThat(bob.get("/api/v1/sandboxes/" + aliceOwn).status()).isEqualTo(404);
    assertThat(mallory.get("/api/v1/sandboxes/" + aliceOwn).status()).isEqualTo(404);
    assertThat(ubsAdmin.get("/api/v1/sandboxes/" + aliceOwn).status()).isEqualTo(200);
    assertThat(mallory.delete("/api/v1/sandboxes/" + aliceOwn).status()).isEqualTo(404);
    assertThat(alice.get("/api/v1/sandboxes/not-a-uuid").status()).isEqualTo(404);
    assertThat(alice.get("/api/v1/sandboxes?state=SLEEPING").status()).isEqualTo(400);
  }

  @Test
  void aSandboxIsNotSeenWithoutAValidToken() {
    assertThat(alice.as(null).get("/api/v1/sandboxes").status()).isEqualTo(401);
    Api.Response wrong = alice.as("estran_wrong").get("/api/v1/sandboxes");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.errorCode()).isEqualTo("unauthorized");
  }

  private static List<String> ids(Api.Response list) {
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    return list.json().findValuesAsString("id");
  }

  private static int sandboxRows() {
    return app.jdbi()
        .withHandle(
            h -> h.createQuery("select count(*) from sandboxes").mapTo(Integer.class).one());
  }
}
