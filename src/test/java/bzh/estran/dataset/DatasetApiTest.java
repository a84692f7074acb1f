package bzh.estran.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.dataset.demo.DemoDataset;
import bzh.estran.dataset.demo.DemoDatasets;
import bzh.estran.kube.core.DatasetLoaderObjects;
import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.FaultInjector;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dataset capability end to end, over HTTP against the running application: a data steward
 * creates a dataset, imports a raw CSV (gzip) with its policy, reads the run's report, publishes
 * it; a member asks for a sandbox with it, the simulated kubelet runs the loader (downloading with
 * the sandbox's token and checking the SHA-256), and the sandbox is READY. Broken and tampered
 * downloads make the sandbox FAILED and refunded; the content endpoint refuses other tokens and
 * ranges beyond the file; a withdrawn version is refused to new sandboxes; refusals leave nothing.
 */
class DatasetApiTest {

  private static final String SHUTTLE = "shuttle-boardings";

  /** Generous: the loaders run for real (over HTTP), on a busy machine. */
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private static TestApp app;
  private static Fixtures fixtures;
  private static RawHttp raw;
  private static Api steward;
  private static Api alice;
  private static Path workDir;
  private static DemoDataset demo;
  private static byte[] demoCsv;

  @BeforeAll
  static void start() throws IOException {
    workDir = Files.createTempDirectory("estran-runs-test");
    app = TestApp.start(Map.of("ESTRAN_DATASET_WORK_DIR", workDir.toString()));
    fixtures = new Fixtures(app);
    raw = new RawHttp(app.baseUrl());
    fixtures.institution("ubs");
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
    steward = fixtures.member("ubs", "sam@univ-ubs.fr", "member");
    Api.Response granted = app.admin().put("/api/v1/users/" + idOf(steward) + "/data-steward", "");
    assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
    demo =
        new DemoDatasets(7)
            .all().stream().filter(d -> d.name().equals(SHUTTLE)).findFirst().orElseThrow();
    demoCsv = read(demo.raw().open());
    create(SHUTTLE);
    for (int i = 0; i < 3; i++) {
      publish(SHUTTLE, importAndRun(SHUTTLE, gzip(demoCsv)));
    }
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  // ------------------------------------------------------------------------------------------

  @Test
  void aRunReportsItsFiguresAndLeavesNoRawBytesBehind() {
    String run = importAndRun(SHUTTLE, demoCsv); // plain, not gzip
    JsonNode body = steward.get("/api/v1/datasets/" + SHUTTLE + "/runs/" + run).json();
    assertThat(body.path("state").asString()).isEqualTo("SUCCEEDED");
    assertThat(body.path("report").path("rows").path("in").asLong()).isEqualTo(demo.rows());
    assertThat(body.path("report").has("subjects")).isTrue();
    assertThat(body.path("summary").path("fr").asString()).isNotBlank();
    assertThat(body.path("summary").path("en").asString()).isNotBlank();
    assertThat(body.path("policy").asString()).isEqualTo(demo.policy());
    assertThat(body.path("columns").isArray()).isTrue();
    assertThat(runDirectories()).as("run directories left in " + workDir).isZero();
    assertThat(body.toString()).doesNotContain("hmac").doesNotContain("secret\"");
  }

  @Test
  void theCatalogShowsThePublishedVersionToAnyMember() {
    Api.Response list = alice.get("/api/v1/datasets");
    assertThat(list.status()).isEqualTo(200);
    JsonNode entry = list.json().get(0);
    assertThat(entry.path("name").asString()).isEqualTo(SHUTTLE);
    assertThat(entry.path("version").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(entry.path("licence").asString()).isEqualTo(demo.licence());
    assertThat(entry.path("rows").asLong()).isPositive();
    assertThat(entry.path("bytes").asLong()).isPositive();
    assertThat(entry.path("publishedAt").asString()).isNotBlank();
    assertThat(entry.path("columns").get(0).has("treatment")).isTrue();
    Api.Response one = alice.get("/api/v1/datasets/" + SHUTTLE);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().path("versions").size()).isGreaterThanOrEqualTo(3);
    assertThat(one.json().path("versions").get(0).path("sha256").asString()).hasSize(64);
    assertThat(alice.get("/api/v1/datasets/nothing-here").status()).isEqualTo(404);
  }

  @Test
  void aSandboxWithTheDatasetIsReadyOnceItsLoaderHasCheckedTheDownload() {
    Api.Response created =
        alice.post(
            "/api/v1/sandboxes",
            "{\"template\":\"data-lab\",\"duration\":\"PT1H\",\"datasets\":[\""
                + SHUTTLE
                + "@1\"]}");
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    assertThat(created.json().path("datasets").get(0).asString()).isEqualTo(SHUTTLE + "@1");
    String id = created.text("id");
    Api.Response ready = awaitState(id, "READY");
    assertThat(ready.body()).contains(SHUTTLE + "@1 loaded");
    String namespace = ready.text("namespace");
    // the reconciler came back to read the loader's progress, and wrote the template's objects
    // (which no watch follows) once all the same
    List<FaultInjector.Seen> seen = app.faults().seen();
    assertThat(
            seen.stream()
                .filter(request -> request.method().equals("GET"))
                .filter(request -> request.path().contains("/namespaces/" + namespace + "/jobs/"))
                .count())
        .as("reads of the loader Job")
        .isGreaterThan(1);
    assertThat(
            seen.stream()
                .filter(request -> !request.method().equals("GET"))
                .filter(request -> request.path().contains("/namespaces/" + namespace + "/"))
                .filter(
                    request ->
                        request.path().contains("/deployments")
                            || request.path().contains("/services"))
                .count())
        .as("writes of the template's Deployment and Service")
        .isEqualTo(2);
    Job job =
        app.cluster()
            .client()
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .withName("load-" + SHUTTLE + "-v1")
            .get();
    assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(job.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
        .isTrue();
    assertThat(
            app.cluster()
                .client()
                .persistentVolumeClaims()
                .inNamespace(namespace)
                .withName(DatasetLoaderObjects.VOLUME_CLAIM)
                .get())
        .isNotNull();
    ConfigMap readmes =
        app.cluster()
            .client()
            .configMaps()
            .inNamespace(namespace)
            .withName(DatasetLoaderObjects.READMES)
            .get();
    assertThat(readmes.getData().get(SHUTTLE + "-v1")).contains(demo.licence(), demo.producer());

    // the content endpoint, with this sandbox's token: ranges served, beyond the file refused
    String token = loaderToken(namespace);
    String path = "/api/v1/dataset-content/" + SHUTTLE + "/1";
    RawHttp.Bytes whole = raw.get(path, token, Map.of());
    assertThat(whole.status()).isEqualTo(200);
    assertThat(sha256(whole.body())).isEqualTo(version(1).path("sha256").asString());
    RawHttp.Bytes part = raw.get(path, token, Map.of("Range", "bytes=0-9"));
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.body()).hasSize(10);
    assertThat(part.header("Content-Range")).startsWith("bytes 0-9/");
    RawHttp.Bytes beyond =
        raw.get(path, token, Map.of("Range", "bytes=" + whole.body().length + "-"));
    assertThat(beyond.status()).isEqualTo(416);
    assertThat(beyond.text()).contains("range_not_satisfiable");
    // other versions and other tokens are refused
    assertThat(raw.get("/api/v1/dataset-content/" + SHUTTLE + "/2", token, Map.of()).status())
        .isEqualTo(403);
    assertThat(raw.get(path, alice.token(), Map.of()).status()).isEqualTo(401);
    assertThat(raw.get(path, TestApp.ADMIN_TOKEN, Map.of()).status()).isEqualTo(401);
    assertThat(raw.get(path, null, Map.of()).status()).isEqualTo(401);
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
    assertThat(raw.get(path, forged, Map.of()).status()).isEqualTo(401);

    // once the sandbox is deleted, its token is worth nothing
    assertThat(alice.delete("/api/v1/sandboxes/" + id).status()).isEqualTo(202);
    awaitState(id, "DELETED");
    assertThat(raw.get(path, token, Map.of()).status()).isEqualTo(401);
  }

  @Test
  void aTamperedDownloadFailsTheSandboxAndRefundsIt() {
    // flip one byte of version 2's stored bytes: its SHA-256 no longer matches
    app.jdbi()
        .useHandle(
            handle ->
                handle.execute(
                    "update dataset_blob_chunks set data = overlay(data placing"
                        + " decode(case when get_byte(data, 0) = 65 then '42' else '41' end, 'hex')"
                        + " from 1 for 1) where seq = 0 and blob_id = (select blob_id from"
                        + " dataset_versions where version = 2)"));
    String id = dataLabSandbox(SHUTTLE + "@2");
    Api.Response failed = awaitState(id, "FAILED");
    assertThat(failed.text("failure")).contains("sha256").contains(SHUTTLE + "@2");
    assertRefunded(id);
  }

  @Test
  void aFailingDownloadFailsTheSandboxAndRefundsIt() {
    // version 3's bytes are gone from the store: the download breaks off
    app.jdbi()
        .useHandle(
            handle ->
                handle.execute(
                    "delete from dataset_blob_chunks where blob_id = (select blob_id from"
                        + " dataset_versions where version = 3)"));
    String id = dataLabSandbox(SHUTTLE + "@3");
    Api.Response failed = awaitState(id, "FAILED");
    assertThat(failed.text("failure")).contains("loader of dataset " + SHUTTLE + "@3 failed");
    assertRefunded(id);
  }

  @Test
  void aLoaderThatNeverFinishesFailsTheSandboxAtTheTimeoutAndLeavesNothingBehind() {
    // the loader's Job never gets a status: its pod would be stuck (image pull, a hung download)
    String jobStatus = "/jobs/load-" + SHUTTLE + "-v1/status";
    app.faults().failAlways("PUT", jobStatus, 500);
    try {
      String id = dataLabSandbox(SHUTTLE + "@1");
      String namespace = alice.get("/api/v1/sandboxes/" + id).text("namespace");
      Eventually.await(
          "the simulated kubelet to have run the loader",
          () ->
              app.faults().seen().stream()
                  .anyMatch(
                      seen ->
                          seen.method().equals("PUT")
                              && seen.path().contains(namespace + jobStatus)));
      String token = loaderToken(namespace);
      assertThat(alice.get("/api/v1/sandboxes/" + id).text("state")).isEqualTo("PROVISIONING");

      app.clock().advance(Duration.ofMinutes(15).plusSeconds(1)); // ESTRAN_DATASET_LOADER_TIMEOUT
      Api.Response failed = awaitState(id, "FAILED");
      assertThat(failed.text("failure"))
          .contains("the dataset loaders did not finish within PT15M")
          .contains("0 of 1 done");
      assertRefunded(id);
      // nothing left: the namespace (volume, token Secret, Job) goes, the token is worth nothing
      Eventually.await(
          "the namespace of " + id + " to be gone",
          () -> {
            var ns = app.cluster().client().namespaces().withName(namespace).get();
            return ns == null || ns.getMetadata().getDeletionTimestamp() != null;
          });
      assertThat(raw.get("/api/v1/dataset-content/" + SHUTTLE + "/1", token, Map.of()).status())
          .isEqualTo(401);
    } finally {
      app.faults().clear();
    }
  }

  @Test
  void aRunLeftRunningByADeadReplicaIsFailedWithTheReasonAndItsFilesDeleted() throws IOException {
    // two runs RUNNING: one on a replica silent for an hour (killed mid-run), one on a live one
    String dead = policy(SHUTTLE, demo.policy()).text("id");
    String busy = policy(SHUTTLE, demo.policy()).text("id");
    app.jdbi()
        .useHandle(
            handle -> {
              handle.execute(
                  "insert into replicas (id, started_at, heartbeat_at) values"
                      + " ('dead-replica', now() - interval '2 hours', now() - interval '1 hour'),"
                      + " ('busy-replica', now(), 'infinity')");
              handle.execute(
                  "update dataset_runs set state = 'RUNNING', started_at = now(),"
                      + " replica = 'dead-replica' where id = ?",
                  java.util.UUID.fromString(dead));
              handle.execute(
                  "update dataset_runs set state = 'RUNNING', started_at = now(),"
                      + " replica = 'busy-replica' where id = ?",
                  java.util.UUID.fromString(busy));
            });
    // what the dead replica left on this disk, and what the live one is writing
    Path left = Files.createDirectories(workDir.resolve("run-" + dead + "-1"));
    Files.writeString(left.resolve("owner"), "dead-replica");
    Files.writeString(left.resolve("raw"), "card_id,holder_name\n");
    Path writing = Files.createDirectories(workDir.resolve("run-" + busy + "-1"));
    Files.writeString(writing.resolve("owner"), "busy-replica");
    try {
      Api.Response failed =
          Eventually.await(
              "the run of the dead replica to be failed",
              PATIENCE,
              () -> steward.get("/api/v1/datasets/" + SHUTTLE + "/runs/" + dead),
              response -> response.text("state").equals("FAILED"));
      assertThat(failed.text("failure"))
          .contains("the replica running it stopped (dead-replica)")
          .contains("upload the data again in a new run");
      Eventually.await("its directory to be deleted", () -> !Files.exists(left));
      assertThat(steward.get("/api/v1/datasets/" + SHUTTLE + "/runs/" + busy).text("state"))
          .isEqualTo("RUNNING");
      assertThat(writing).exists();
    } finally {
      app.jdbi()
          .useHandle(
              handle -> {
                handle.execute(
                    "update dataset_runs set state = 'FAILED', ended_at = now() where id = ?",
                    java.util.UUID.fromString(busy));
                handle.execute("delete from replicas where id = 'busy-replica'");
              });
      Eventually.await("the live run's directory to go", () -> !Files.exists(writing));
    }
  }

  @Test
  void aWithdrawnVersionIsRefusedToNewSandboxesWhileRunningOnesKeepIt() {
    create("withdrawn-set");
    publish("withdrawn-set", importAndRun("withdrawn-set", gzip(demoCsv)));
    String running = dataLabSandbox("withdrawn-set");
    String namespace = awaitState(running, "READY").text("namespace");
    Api.Response withdrawn = steward.post("/api/v1/datasets/withdrawn-set/versions/1/withdraw", "");
    assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
    assertThat(withdrawn.json().path("withdrawnAt").asString()).isNotBlank();
    assertThat(steward.post("/api/v1/datasets/withdrawn-set/versions/1/withdraw", "").status())
        .isEqualTo(409);

    int before = sandboxRows();
    for (String ask : new String[] {"withdrawn-set", "withdrawn-set@1"}) {
      Api.Response refused =
          alice.post(
              "/api/v1/sandboxes",
              "{\"template\":\"data-lab\",\"duration\":\"PT1H\",\"datasets\":[\"" + ask + "\"]}");
      assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
      assertThat(refused.json().path("error").path("details").path("fields").has("datasets[0]"))
          .isTrue();
    }
    assertThat(sandboxRows()).isEqualTo(before);
    assertThat(alice.get("/api/v1/datasets/withdrawn-set").status()).isEqualTo(404);
    assertThat(alice.get("/api/v1/datasets").body()).doesNotContain("withdrawn-set");
    // the running sandbox keeps what it has, and may even load it again
    assertThat(alice.get("/api/v1/sandboxes/" + running).text("state")).isEqualTo("READY");
    assertThat(
            raw.get("/api/v1/dataset-content/withdrawn-set/1", loaderToken(namespace), Map.of())
                .status())
        .isEqualTo(200);
  }

  @Test
  void refusedSandboxRequestsLeaveNothingBehind() {
    int rows = sandboxRows();
    int namespaces = app.cluster().client().namespaces().list().getItems().size();
    Map<String, String> refusals =
        Map.of(
            "{\"template\":\"data-lab\",\"datasets\":[\"no-such-set\"]}",
            "datasets[0]",
            "{\"template\":\"data-lab\",\"datasets\":[\"Bad Name!\"]}",
            "datasets[0]",
            "{\"template\":\"data-lab\",\"datasets\":[\"" + SHUTTLE + "@99\"]}",
            "datasets[0]",
            "{\"template\":\"data-lab\",\"datasets\":[\"" + SHUTTLE + "\",\"" + SHUTTLE + "@1\"]}",
            "datasets[1]",
            "{\"template\":\"starter\",\"datasets\":[\"" + SHUTTLE + "\"]}",
            "datasets",
            "{\"template\":\"data-lab\",\"datasets\":\"" + SHUTTLE + "\"}",
            "datasets");
    refusals.forEach(
        (body, field) -> {
          Api.Response refused = alice.post("/api/v1/sandboxes", body);
          assertThat(refused.status()).as(body + " → " + refused).isEqualTo(400);
          assertThat(refused.json().path("error").path("details").path("fields").has(field))
              .as(body + " names " + field + ": " + refused)
              .isTrue();
        });
    assertThat(sandboxRows()).isEqualTo(rows);
    assertThat(
            count(
                "select count(*) from sandbox_datasets where sandbox_id not in"
                    + " (select id from sandboxes)"))
        .isZero();
    assertThat(app.cluster().client().namespaces().list().getItems()).hasSize(namespaces);
  }

  @Test
  void onlyStewardsAndPlatformAdminsCurateAndBadInputNamesTheField() {
    Api.Response byMember = alice.post("/api/v1/datasets", datasetBody("members-set"));
    assertThat(byMember.status()).isEqualTo(403);
    assertThat(alice.post("/api/v1/datasets/" + SHUTTLE + "/runs", demo.policy()).status())
        .isEqualTo(403);
    int datasets = count("select count(*) from datasets");
    Api.Response bad =
        steward.post(
            "/api/v1/datasets",
            "{\"name\":\"Bad!\",\"title\":\"t\",\"description\":\"d\",\"licence\":\"ODbL\","
                + "\"provenance\":{\"producer\":\"p\",\"source\":\"s\","
                + "\"period\":{\"from\":\"2026-02-01\",\"to\":\"2026-01-01\"}}}");
    assertThat(bad.status()).isEqualTo(400);
    JsonNode fields = bad.json().path("error").path("details").path("fields");
    assertThat(fields.has("name")).isTrue();
    assertThat(fields.has("provenance.period.to")).isTrue();
    Api.Response wrongType = steward.post("/api/v1/datasets", "{\"name\":[1]}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(count("select count(*) from datasets")).isEqualTo(datasets);
    assertThat(steward.post("/api/v1/datasets", datasetBody(SHUTTLE)).status()).isEqualTo(409);

    int runs = count("select count(*) from dataset_runs");
    Api.Response badPolicy = policy(SHUTTLE, "name: x\ncolumns: bogus\n");
    assertThat(badPolicy.status()).as(badPolicy.toString()).isEqualTo(400);
    assertThat(badPolicy.json().path("error").path("details").path("fields").propertyNames())
        .allMatch(field -> field.startsWith("policy"));
    assertThat(policy(SHUTTLE, "").status()).isEqualTo(400);
    assertThat(count("select count(*) from dataset_runs")).isEqualTo(runs);

    // a run takes its data once; an unfinished run cannot be published
    String run = policy(SHUTTLE, demo.policy()).text("id");
    assertThat(
            steward.post("/api/v1/datasets/" + SHUTTLE + "/runs/" + run + "/publish", "").status())
        .isEqualTo(409);
    upload(SHUTTLE, run, gzip(demoCsv));
    assertThat(upload(SHUTTLE, run, demoCsv).status()).isEqualTo(409);
    awaitRun(SHUTTLE, run);

    // the role is the platform admins' to grant and take back
    String aliceId = idOf(alice);
    assertThat(steward.put("/api/v1/users/" + aliceId + "/data-steward", "").status())
        .isEqualTo(403);
    Api.Response revoked = app.admin().delete("/api/v1/users/" + idOf(steward) + "/data-steward");
    assertThat(revoked.status()).isEqualTo(204);
    assertThat(steward.get("/api/v1/datasets/" + SHUTTLE + "/runs").status()).isEqualTo(403);
    assertThat(app.admin().put("/api/v1/users/" + idOf(steward) + "/data-steward", "").status())
        .isEqualTo(200);
    assertThat(steward.get("/api/v1/datasets/" + SHUTTLE + "/runs").status()).isEqualTo(200);
  }

  // ------------------------------------------------------------------------------------------

  private static void create(String name) {
    Api.Response created = steward.post("/api/v1/datasets", datasetBody(name));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  private static String datasetBody(String name) {
    String[] period = demo.period().split("/");
    return "{\"name\":\""
        + name
        + "\",\"title\":\""
        + demo.title()
        + "\",\"description\":\"Montées dans les navettes\",\"licence\":\""
        + demo.licence()
        + "\",\"provenance\":{\"producer\":\""
        + demo.producer()
        + "\",\"source\":\""
        + demo.source()
        + "\",\"period\":{\"from\":\""
        + period[0]
        + "\",\"to\":\""
        + period[1]
        + "\"}}}";
  }

  private static Api.Response policy(String name, String text) {
    return raw.send(
        "POST",
        "/api/v1/datasets/" + name + "/runs",
        steward.token(),
        HttpRequest.BodyPublishers.ofString(text),
        "application/yaml");
  }

  private static Api.Response upload(String name, String run, byte[] csv) {
    return raw.send(
        "PUT",
        "/api/v1/datasets/" + name + "/runs/" + run + "/data",
        steward.token(),
        HttpRequest.BodyPublishers.ofByteArray(csv),
        "text/csv");
  }

  /** Creates a run with the demo policy, uploads {@code csv}, waits for SUCCEEDED. */
  private static String importAndRun(String name, byte[] csv) {
    Api.Response run = policy(name, demo.policy());
    assertThat(run.status()).as(run.toString()).isEqualTo(201);
    assertThat(run.text("state")).isEqualTo("AWAITING_DATA");
    Api.Response uploaded = upload(name, run.text("id"), csv);
    assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(202);
    Api.Response ended = awaitRun(name, run.text("id"));
    assertThat(ended.text("state")).as(ended.toString()).isEqualTo("SUCCEEDED");
    return run.text("id");
  }

  private static Api.Response awaitRun(String name, String run) {
    return Eventually.await(
        "run " + run + " to end",
        PATIENCE,
        () -> steward.get("/api/v1/datasets/" + name + "/runs/" + run),
        response ->
            response.status() == 200
                && !response.text("state").equals("RUNNING")
                && !response.text("state").equals("AWAITING_DATA"));
  }

  private static void publish(String name, String run) {
    Api.Response published =
        steward.post("/api/v1/datasets/" + name + "/runs/" + run + "/publish", "");
    assertThat(published.status()).as(published.toString()).isEqualTo(201);
    assertThat(published.text("ref")).startsWith(name + "@");
  }

  private static JsonNode version(int number) {
    for (JsonNode v : steward.get("/api/v1/datasets/" + SHUTTLE).json().path("versions")) {
      if (v.path("version").asInt() == number) {
        return v;
      }
    }
    throw new AssertionError("no version " + number);
  }

  private static Api.Response awaitState(String id, String state) {
    return Eventually.await(
        "sandbox " + id + " to be " + state,
        PATIENCE,
        () -> alice.get("/api/v1/sandboxes/" + id),
        response -> response.status() == 200 && response.text("state").equals(state));
  }

  private static String dataLabSandbox(String dataset) {
    return fixtures.sandbox(
        alice,
        "{\"template\":\"data-lab\",\"duration\":\"PT1H\",\"datasets\":[\"" + dataset + "\"]}");
  }

  private static String loaderToken(String namespace) {
    Secret secret =
        app.cluster()
            .client()
            .secrets()
            .inNamespace(namespace)
            .withName(DatasetLoaderObjects.TOKEN_SECRET)
            .get();
    if (secret.getStringData() != null && secret.getStringData().containsKey("token")) {
      return secret.getStringData().get("token");
    }
    return new String(
        Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
  }

  private static void assertRefunded(String sandbox) {
    BigDecimal net =
        app.jdbi()
            .withHandle(
                handle ->
                    handle
                        .createQuery(
                            "select coalesce(sum(core_minutes), 0) from quota_ledger"
                                + " where sandbox_id = :id")
                        .bind("id", java.util.UUID.fromString(sandbox))
                        .mapTo(BigDecimal.class)
                        .one());
    assertThat(net).as("net core-minutes booked for " + sandbox).isEqualByComparingTo("0");
  }

  private static int sandboxRows() {
    return count("select count(*) from sandboxes");
  }

  private static int count(String sql) {
    return app.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  private static long runDirectories() {
    try (var listing = Files.list(workDir)) {
      return listing.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String idOf(Api who) {
    return who.get("/api/v1/me").text("id");
  }

  private static byte[] read(Reader reader) throws IOException {
    try (reader) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      char[] buffer = new char[8192];
      int n;
      while ((n = reader.read(buffer)) >= 0) {
        out.write(new String(buffer, 0, n).getBytes(StandardCharsets.UTF_8));
      }
      return out.toByteArray();
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
