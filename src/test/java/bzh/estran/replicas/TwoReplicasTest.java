package bzh.estran.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.Estran;
import bzh.estran.config.EstranConfig;
import bzh.estran.dataset.demo.DemoDataset;
import bzh.estran.dataset.demo.DemoDatasets;
import bzh.estran.kube.SimulatedCluster;
import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.FaultInjector;
import bzh.estran.testing.ReplicaProcess;
import bzh.estran.testing.SharedClock;
import bzh.estran.testing.TestDatabases;
import bzh.estran.testing.TestSmtp;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one PostgreSQL and one simulated cluster: one in this JVM, the other in a JVM of
 * its own that the test kills with SIGKILL. Both share a clock the test moves (a file). Every
 * provisioning, warning, expiry and sweep repair happens once; a killed replica's work is resumed
 * by the survivor within the replica timeout (3 s here) instead of the 2-minute lease.
 */
class TwoReplicasTest {

  private static final String ADMIN_TOKEN = "estran_test-bootstrap-token-0123456789";
  private static final Duration REPLICA_TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient http = HttpClient.newHttpClient();
  private final FaultInjector faults = new FaultInjector();
  private Path dir;
  private SharedClock clock;
  private TestSmtp smtp;
  private SimulatedCluster cluster;
  private Jdbi jdbi;
  private Map<String, String> env;
  private Estran local;
  private ReplicaProcess remote;

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("estran-replicas");
    clock = new SharedClock(dir.resolve("clock"));
    smtp = TestSmtp.start();
    cluster = SimulatedCluster.start(Optional.empty(), faults);
    String databaseUrl = TestDatabases.fresh();
    jdbi = Jdbi.create(databaseUrl, TestDatabases.USER, "");
    env = new HashMap<>(smtp.settings());
    env.put("ESTRAN_MODE", "production");
    env.put("ESTRAN_HTTP_PORT", "0");
    env.put("ESTRAN_DATABASE_URL", databaseUrl);
    env.put("ESTRAN_KUBE_API_URL", cluster.url());
    env.put("ESTRAN_BOOTSTRAP_TOKEN", ADMIN_TOKEN);
    env.put("ESTRAN_SCHEDULER_NAME", "estran-replicas-" + UUID.randomUUID());
    env.put("ESTRAN_PROVISIONING_BACKOFF", "PT0.05S");
    env.put("ESTRAN_EXPIRY_INTERVAL", "PT0.2S");
    env.put("ESTRAN_NOTICE_INTERVAL", "PT0.2S");
    env.put("ESTRAN_SWEEP_INTERVAL", "PT1S");
    env.put("ESTRAN_REPLICA_TIMEOUT", REPLICA_TIMEOUT.toString());
    env.put("ESTRAN_TEST_CLOCK_FILE", clock.file().toString());
    env.put("ESTRAN_DATASET_WORK_DIR", dir.resolve("runs").toString());
    local = Estran.start(EstranConfig.from(env), clock);
    remote = ReplicaProcess.start(env, dir.resolve("remote.log"));
  }

  @AfterEach
  void stop() {
    remote.close();
    local.close();
    cluster.close();
    smtp.close();
  }

  @Test
  void everyProvisioningWarningExpiryAndRepairHappensOnce() {
    Api admin = api(localUrl(), ADMIN_TOKEN);
    institution(admin);
    List<Api> owners = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      // alternate the replica that takes the request
      Api owner = member(admin, "user" + i + "@univ-ubs.fr", i % 2 == 0 ? localUrl() : remoteUrl());
      owners.add(owner);
      ids.add(
          created(
              owner.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"duration\":\"PT2H\"}")));
    }
    for (int i = 0; i < ids.size(); i++) {
      awaitState(owners.get(i), ids.get(i), "READY");
    }
    String orphan = "sbx-orphan0000";
    cluster
        .client()
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

    clock.advance(Duration.ofHours(1).plusMinutes(1));
    Eventually.await(
        "a warning to each owner",
        Duration.ofSeconds(30),
        smtp::received,
        mails -> mails.size() >= ids.size());
    Eventually.await(
        "the orphan is deleted",
        () -> cluster.client().namespaces().withName(orphan).get() == null);
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < ids.size(); i++) {
      awaitState(owners.get(i), ids.get(i), "DELETED");
    }

    for (int i = 0; i < ids.size(); i++) {
      List<String> types = eventTypes(owners.get(i), ids.get(i));
      assertThat(types)
          .as("events of %s", ids.get(i))
          .containsExactly("REQUESTED", "READY", "EXPIRY_WARNING", "EXPIRED", "DELETED");
      assertThat(smtp.to("user" + i + "@univ-ubs.fr")).hasSize(1);
      assertThat(ledgerKinds(ids.get(i))).containsExactly("RESERVE");
      String namespace = owners.get(i).get("/api/v1/sandboxes/" + ids.get(i)).text("namespace");
      assertThat(requests("POST", "/api/v1/namespaces/" + namespace + "/resourcequotas"))
          .as("quota of %s created once", namespace)
          .isEqualTo(1);
    }
    assertThat(requests("DELETE", "/api/v1/namespaces/" + orphan)).isEqualTo(1);
  }

  @Test
  void theProvisioningOfAKilledReplicaIsResumedByTheSurvivorWithinSeconds() {
    Api admin = api(localUrl(), ADMIN_TOKEN);
    institution(admin);
    Api owner = member(admin, "alice@univ-ubs.fr", remoteUrl());
    // the remote replica meets a 429 asking it to wait 60 s: it holds the lease meanwhile
    faults.throttle("POST", "/resourcequotas", 60, 1);
    String id =
        created(
            owner.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"duration\":\"PT2H\"}"));
    Eventually.await(
        "the remote replica is provisioning", () -> requests("POST", "/resourcequotas") == 1);
    assertThat(leaseOwner(id)).isNotNull();
    String remoteId = leaseOwner(id);

    remote.kill();
    Api survivor = owner.at(localUrl());
    Eventually.await(
        "the survivor resumes the provisioning",
        Duration.ofSeconds(30), // the lease alone would hold it for 2 minutes
        () -> survivor.get("/api/v1/sandboxes/" + id).text("state"),
        "READY"::equals);
    assertThat(eventTypes(survivor, id)).containsExactly("REQUESTED", "READY");
    assertThat(leaseOwner(id)).isNull();
    assertThat(requests("POST", "/resourcequotas")).isEqualTo(2);
    assertThat(remoteId).isNotEqualTo(localReplicaId());

    // the survivor also runs the periodic jobs the dead one may have held
    clock.advance(Duration.ofHours(2).plusMinutes(1));
    awaitState(survivor, id, "DELETED");
  }

  @Test
  void anUploadToAKilledReplicaLeavesTheRunWaitingForItsDataAndNoFileBehind() throws Exception {
    Api admin = api(localUrl(), ADMIN_TOKEN);
    DemoDataset demo = new DemoDatasets(7).all().get(0);
    Api.Response dataset =
        admin.post(
            "/api/v1/datasets",
            "{\"name\":\"killed-run\",\"title\":\"t\",\"description\":\"d\",\"licence\":\""
                + demo.licence()
                + "\",\"provenance\":{\"producer\":\"p\",\"source\":\"s\","
                + "\"period\":{\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"}}}");
    assertThat(dataset.status()).as(dataset.toString()).isEqualTo(201);
    byte[] policy = demo.policy().getBytes(StandardCharsets.UTF_8);
    Api.Response run =
        admin
            .at(remoteUrl())
            .raw("POST", "/api/v1/datasets/killed-run/runs", "application/yaml", policy);
    assertThat(run.status()).as(run.toString()).isEqualTo(201);
    String runId = run.text("id");

    // the remote replica receives an upload that never ends (a byte every 200 ms, so that no idle
    // timeout ends it first): the run is RUNNING there
    CountDownLatch never = new CountDownLatch(1);
    byte[] csv = csv(demo);
    InputStream stalled =
        new InputStream() {
          private int next;

          @Override
          public int read() throws IOException {
            try {
              if (next >= 64 * 1024
                  && never.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return -1;
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return -1;
            }
            return csv[next++ % csv.length] & 0xff;
          }

          @Override
          public int read(byte[] into, int offset, int length) throws IOException {
            if (next < 64 * 1024) {
              int n = Math.min(length, 64 * 1024 - next);
              for (int i = 0; i < n; i++) {
                into[offset + i] = csv[(next + i) % csv.length];
              }
              next += n;
              return n;
            }
            int b = read();
            if (b < 0) {
              return -1;
            }
            into[offset] = (byte) b;
            return 1;
          }
        };
    var upload =
        http.sendAsync(
            HttpRequest.newBuilder(
                    URI.create(remoteUrl() + "/api/v1/datasets/killed-run/runs/" + runId + "/data"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> stalled))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    try {
      Path runs = dir.resolve("runs");
      Eventually.await(
          "the remote replica is receiving the upload",
          Duration.ofSeconds(60),
          () -> rawBytesReceived(runs),
          bytes -> bytes > 0);

      remote.kill();
      // the upload's transaction dies with the replica: the run waits for its data again (it is
      // never left RUNNING), and the survivor deletes what the dead one received on this disk
      Eventually.await("the dead replica's upload is deleted", () -> runDirectories(runs) == 0);
      assertThat(admin.get("/api/v1/datasets/killed-run/runs/" + runId).text("state"))
          .isEqualTo("AWAITING_DATA");
      Api.Response uploaded =
          admin.raw("PUT", "/api/v1/datasets/killed-run/runs/" + runId + "/data", "text/csv", csv);
      assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(202);
      Eventually.await(
          "the run, uploaded again to the survivor, succeeds",
          Duration.ofSeconds(60),
          () -> admin.get("/api/v1/datasets/killed-run/runs/" + runId).text("state"),
          "SUCCEEDED"::equals);
      // the run's directory is deleted just after its end is committed (DatasetRuns.execute)
      Eventually.await("the succeeded run leaves no file behind", () -> runDirectories(runs) == 0);
    } finally {
      never.countDown();
      upload.cancel(true);
    }
  }

  private static byte[] csv(DemoDataset demo) throws IOException {
    StringBuilder text = new StringBuilder();
    try (java.io.Reader reader = demo.raw().open()) {
      char[] buffer = new char[8192];
      int n;
      while ((n = reader.read(buffer)) >= 0) {
        text.append(buffer, 0, n);
      }
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static long rawBytesReceived(Path runs) {
    if (!Files.isDirectory(runs)) {
      return 0;
    }
    try (var listing = Files.walk(runs)) {
      return listing
          .filter(path -> path.getFileName().toString().equals("raw"))
          .mapToLong(
              path -> {
                try {
                  return Files.size(path);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  private static long runDirectories(Path runs) {
    if (!Files.isDirectory(runs)) {
      return 0;
    }
    try (var listing = Files.list(runs)) {
      return listing.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String localUrl() {
    return "http://localhost:" + local.port();
  }

  private String remoteUrl() {
    return remote.baseUrl();
  }

  private Api api(String base, String token) {
    return new Api(http, base, token);
  }

  private void institution(Api admin) {
    Api.Response made =
        admin.post(
            "/api/v1/institutions",
            "{\"slug\":\"ubs\",\"name\":\"Université Bretagne Sud\",\"kind\":\"university\"}");
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    Api.Response quota =
        admin.put(
            "/api/v1/institutions/ubs/quota",
            "{\"maxSandboxes\":100,\"cpu\":100,\"memoryGiB\":1000,\"storageGiB\":1000,"
                + "\"sandboxesPerUser\":10,\"coreHoursPerMonth\":100000}");
    assertThat(quota.status()).as(quota.toString()).isEqualTo(200);
  }

  /** A member of ubs with a token, calling the replica at {@code base}. */
  private Api member(Api admin, String email, String base) {
    Api.Response added =
        admin.post(
            "/api/v1/institutions/ubs/members",
            "{\"email\":\"" + email + "\",\"role\":\"member\"}");
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    String userId = added.json().path("user").path("id").asString();
    Api.Response token = admin.post("/api/v1/users/" + userId + "/tokens", "{\"name\":\"t\"}");
    assertThat(token.status()).as(token.toString()).isEqualTo(201);
    return api(base, token.text("token"));
  }

  private static String created(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(202);
    return response.text("id");
  }

  private static void awaitState(Api caller, String id, String state) {
    Eventually.await(
        id + " " + state,
        Duration.ofSeconds(30),
        () -> caller.get("/api/v1/sandboxes/" + id).text("state"),
        state::equals);
  }

  private static List<String> eventTypes(Api caller, String id) {
    return caller.get("/api/v1/sandboxes/" + id).json().path("events").findValuesAsString("type");
  }

  private long requests(String method, String pathPart) {
    return faults.seen().stream()
        .filter(seen -> seen.method().equals(method) && seen.path().contains(pathPart))
        .count();
  }

  private List<String> ledgerKinds(String id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("select kind from quota_ledger where sandbox_id = ? order by id")
                .bind(0, UUID.fromString(id))
                .mapTo(String.class)
                .list());
  }

  private String leaseOwner(String id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("select lease_owner from sandboxes where id = ?")
                .bind(0, UUID.fromString(id))
                .mapTo(String.class)
                .one());
  }

  private String localReplicaId() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select id from replicas where heartbeat_at > clock_timestamp() - interval '2 seconds'")
                .mapTo(String.class)
                .one());
  }
}
