package bzh.estran;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.config.EstranConfig;
import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dev mode: nothing to set up, a bootstrap token, and state that survives a restart. */
class DevModeTest {

  @TempDir Path dataDir;

  @Test
  void startsWithEmbeddedPartsAndKeepsItsStateAcrossARestart() throws Exception {
    Map<String, String> env =
        Map.of(
            "ESTRAN_DATA_DIR", dataDir.toString(),
            "ESTRAN_HTTP_PORT", "0",
            "ESTRAN_SCHEDULER_NAME", "estran-dev-test",
            "ESTRAN_SWEEP_INTERVAL", "PT0.3S");
    String id;
    String namespace;
    String token;
    try (Estran estran = Estran.start(EstranConfig.from(env), Clock.systemUTC())) {
      token = estran.bootstrapToken().orElseThrow();
      Path tokenFile = dataDir.resolve("bootstrap-token");
      assertThat(Files.readString(tokenFile).trim()).isEqualTo(token);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
          .isEqualTo("rw-------");
      assertThat(estran.simulatedClusterUrl()).isPresent();

      Api admin = api(estran, token);
      assertThat(
              admin
                  .post(
                      "/api/v1/institutions",
                      "{\"slug\":\"ubs\",\"name\":\"UBS\",\"kind\":\"university\"}")
                  .status())
          .isEqualTo(201);
      Api.Response created =
          admin.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"institution\":\"ubs\"}");
      assertThat(created.status()).isEqualTo(202);
      id = created.text("id");
      namespace = created.text("namespace");
      awaitReady(admin, id);
    }

    try (Estran again = Estran.start(EstranConfig.from(env), Clock.systemUTC())) {
      assertThat(again.bootstrapToken()).contains(token);
      Api admin = api(again, token);
      assertThat(admin.get("/api/v1/institutions/ubs").status()).isEqualTo(200);
      try (KubernetesClient cluster =
          new KubernetesClientBuilder()
              .withConfig(
                  new io.fabric8.kubernetes.client.ConfigBuilder()
                      .withMasterUrl(again.simulatedClusterUrl().orElseThrow())
                      .build())
              .build()) {
        assertThat(cluster.namespaces().withName(namespace).get())
            .as("namespace kept by the simulated cluster")
            .isNotNull();
        assertThat(cluster.serviceAccounts().inNamespace(namespace).withName("sandbox-user").get())
            .isNotNull();
        // an orphan namespace going away proves a sweep ran, which would have ended a sandbox
        // whose namespace had been lost in the restart
        cluster
            .namespaces()
            .resource(
                new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                    .withNewMetadata()
                    .withName("sbx-orphan")
                    .addToLabels("app.kubernetes.io/managed-by", "estran")
                    .addToLabels("estran.bzh/sandbox-id", java.util.UUID.randomUUID().toString())
                    .endMetadata()
                    .build())
            .create();
        Eventually.await(
            "a sweep to delete the orphan",
            () -> cluster.namespaces().withName("sbx-orphan").get() == null);
      }
      assertThat(admin.get("/api/v1/sandboxes/" + id).text("state")).isEqualTo("READY");
      assertThat(admin.get("/api/v1/sandboxes/" + id + "/kubeconfig").status()).isEqualTo(200);
    }
  }

  @Test
  void aRevokedDevBootstrapTokenIsReplacedAtTheNextStart() throws Exception {
    Map<String, String> env =
        Map.of(
            "ESTRAN_DATA_DIR", dataDir.toString(),
            "ESTRAN_HTTP_PORT", "0",
            "ESTRAN_SCHEDULER_NAME", "estran-dev-revoked-test");
    String revoked;
    try (Estran estran = Estran.start(EstranConfig.from(env), Clock.systemUTC())) {
      revoked = estran.bootstrapToken().orElseThrow();
      Api admin = api(estran, revoked);
      String id = admin.get("/api/v1/tokens").json().get(0).path("id").asString();
      assertThat(admin.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
    }
    try (Estran again = Estran.start(EstranConfig.from(env), Clock.systemUTC())) {
      String fresh = again.bootstrapToken().orElseThrow();
      assertThat(fresh).isNotEqualTo(revoked);
      assertThat(Files.readString(dataDir.resolve("bootstrap-token")).trim()).isEqualTo(fresh);
      assertThat(api(again, fresh).get("/api/v1/me").status()).isEqualTo(200);
      assertThat(api(again, revoked).get("/api/v1/me").status())
          .as("the revoked token stays revoked")
          .isEqualTo(401);
    }
  }

  private static Api api(Estran estran, String token) {
    return new Api(HttpClient.newHttpClient(), "http://localhost:" + estran.port(), token);
  }

  private static void awaitReady(Api admin, String id) {
    Eventually.await(
        "sandbox READY",
        Duration.ofSeconds(20),
        () -> admin.get("/api/v1/sandboxes/" + id),
        response -> response.text("state").equals("READY"));
  }
}
