package bzh.estran.quota;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Admission over HTTP against PostgreSQL: refusals say which limit and leave nothing behind, and no
 * number of simultaneous requests makes any limit overshoot.
 */
class QuotaAdmissionApiTest {

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api admin;
  private static int institutions;

  @BeforeAll
  static void start() {
    // the fixtures make many changes as the admin (members, tokens, quotas for every test): no
    // rate limit gets in their way (RateLimitApiTest tests the limit)
    app =
        TestApp.start(
            Map.of("ESTRAN_DATABASE_POOL_SIZE", "20", "ESTRAN_RATE_LIMIT_PER_MINUTE", "100000"));
    fixtures = new Fixtures(app);
    admin = app.admin();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** A fresh institution per test, so figures do not mix. */
  private static String institution() {
    String slug = "inst" + (++institutions);
    fixtures.institution(slug);
    return slug;
  }

  @Test
  void aNewInstitutionHasTheDocumentedDefaultsAndOnlyPlatformAdminsChangeThem() {
    admin.post(
        "/api/v1/institutions", "{\"slug\":\"fresh\",\"name\":\"Fresh\",\"kind\":\"incubator\"}");
    JsonNode quota = admin.get("/api/v1/institutions/fresh/quota").json();
    assertThat(quota.path("maxSandboxes").asInt()).isEqualTo(50);
    assertThat(quota.path("cpu").decimalValue()).isEqualByComparingTo("50");
    assertThat(quota.path("memoryGiB").decimalValue()).isEqualByComparingTo("100");
    assertThat(quota.path("storageGiB").decimalValue()).isEqualByComparingTo("250");
    assertThat(quota.path("sandboxesPerUser").asInt()).isEqualTo(3);
    assertThat(quota.path("coreHoursPerMonth").decimalValue()).isEqualByComparingTo("5000");

    Api freshAdmin = fixtures.member("fresh", "boss@fresh.example", "institution-admin");
    Api.Response byInstitutionAdmin =
        freshAdmin.put("/api/v1/institutions/fresh/quota", quotaJson(1, 1, 1, 1, 1, 1));
    assertThat(byInstitutionAdmin.status()).isEqualTo(403);
    Api outsider = fixtures.member(institution(), "outsider@else.example", "institution-admin");
    assertThat(
            outsider.put("/api/v1/institutions/fresh/quota", quotaJson(1, 1, 1, 1, 1, 1)).status())
        .isEqualTo(404);
    assertThat(outsider.get("/api/v1/institutions/fresh/usage").status()).isEqualTo(404);

    Api.Response bad =
        admin.put(
            "/api/v1/institutions/fresh/quota",
            "{\"maxSandboxes\":-1,\"cpu\":\"lots\",\"memoryGiB\":1.0001,\"storageGiB\":10,\"sandboxesPerUser\":1}");
    assertThat(bad.status()).isEqualTo(400);
    JsonNode fields = bad.json().path("error").path("details").path("fields");
    assertThat(fields.has("maxSandboxes") || fields.has("cpu")).isTrue();
    Api.Response missing =
        admin.put(
            "/api/v1/institutions/fresh/quota",
            "{\"maxSandboxes\":1,\"cpu\":1,\"memoryGiB\":1.0001,\"storageGiB\":-2,\"sandboxesPerUser\":1}");
    JsonNode missingFields = missing.json().path("error").path("details").path("fields");
    assertThat(missingFields.path("memoryGiB").asString()).contains("3 decimals");
    assertThat(missingFields.path("storageGiB").asString()).contains("from 0");
    assertThat(missingFields.path("coreHoursPerMonth").asString()).isEqualTo("is required");
    assertThat(admin.get("/api/v1/institutions/fresh/quota").json().path("maxSandboxes").asInt())
        .as("a refused change changes nothing")
        .isEqualTo(50);
  }

  @Test
  void aRefusalNamesTheLimitAndLeavesNoRowNoLedgerEntryAndNoNamespace() {
    String slug = institution();
    fixtures.quota(slug, 100, 100, 100, 100, 1, 100_000);
    Api alice = fixtures.member(slug, "alice@" + slug + ".example", "member");
    fixtures.awaitState(alice, fixtures.sandbox(alice, "{\"template\":\"starter\"}"), "READY");
    int rows = count("select count(*) from sandboxes");
    int ledger = count("select count(*) from quota_ledger");
    int namespaces = namespacesOf(slug);

    Api.Response refused = alice.post("/api/v1/sandboxes", "{\"template\":\"starter\"}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("quota_exceeded");
    JsonNode details = refused.json().path("error").path("details");
    assertThat(details.path("limit").asString()).isEqualTo("sandboxesPerUser");
    assertThat(details.path("scope").asString()).isEqualTo("institution");
    assertThat(details.path("requested").asInt()).isEqualTo(1);
    assertThat(details.path("remaining").asInt()).isZero();

    fixtures.quota(slug, 100, 100, 100, 100, 10, 12);
    Api.Response overBudget =
        alice.post("/api/v1/sandboxes", "{\"template\":\"data-lab\",\"duration\":\"PT4H\"}");
    JsonNode budget = overBudget.json().path("error").path("details");
    assertThat(budget.path("limit").asString()).isEqualTo("coreHours");
    assertThat(budget.path("requested").decimalValue()).isEqualByComparingTo("8");
    assertThat(budget.path("remaining").decimalValue()).isEqualByComparingTo("4");

    fixtures.quota(slug, 100, 2, 100, 100, 10, 100_000);
    JsonNode cpu =
        alice
            .post("/api/v1/sandboxes", "{\"template\":\"web-app\"}")
            .json()
            .path("error")
            .path("details");
    assertThat(cpu.path("limit").asString()).isEqualTo("cpu");
    assertThat(cpu.path("requested").decimalValue()).isEqualByComparingTo("2");
    assertThat(cpu.path("remaining").decimalValue()).isEqualByComparingTo("1");

    assertThat(count("select count(*) from sandboxes")).isEqualTo(rows);
    assertThat(count("select count(*) from quota_ledger")).isEqualTo(ledger);
    assertThat(namespacesOf(slug)).isEqualTo(namespaces).isEqualTo(1);
    assertThat(admin.get("/metrics").body())
        .contains("estran_quota_refusals_total{limit=\"sandboxesPerUser\",scope=\"institution\"}");
  }

  @Test
  void twoHundredSimultaneousCreatesAdmitExactlyWhatTheQuotaAllows() throws Exception {
    String slug = institution();
    int room = 37;
    fixtures.quota(slug, room, 1000, 1000, 1000, 1000, 1_000_000);
    List<Api> students = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      students.add(fixtures.member(slug, "student" + i + "@" + slug + ".example", "member"));
    }

    List<Api.Response> answers =
        simultaneously(
            200,
            i ->
                students
                    .get(i % students.size())
                    .post("/api/v1/sandboxes", "{\"template\":\"starter\",\"duration\":\"PT2H\"}"));

    Map<Integer, Long> byStatus =
        answers.stream()
            .collect(Collectors.groupingBy(Api.Response::status, Collectors.counting()));
    assertThat(byStatus).containsOnlyKeys(202, 409);
    assertThat(byStatus.get(202)).isEqualTo(room);
    assertThat(answers.stream().filter(a -> a.status() == 409))
        .allSatisfy(
            refusal ->
                assertThat(refusal.json().path("error").path("details").path("limit").asString())
                    .isEqualTo("maxSandboxes"));

    JsonNode usage = admin.get("/api/v1/institutions/" + slug + "/usage").json();
    assertThat(usage.path("inUse").path("sandboxes").asInt()).isEqualTo(room);
    assertThat(usage.path("inUse").path("cpu").decimalValue())
        .isEqualByComparingTo(BigDecimal.valueOf(room));
    BigDecimal ledgerHours =
        app.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select sum(l.core_minutes) / 60 from quota_ledger l join institutions i on i.id = l.institution_id"
                                + " where i.slug = :slug")
                        .bind("slug", slug)
                        .mapTo(BigDecimal.class)
                        .one());
    assertThat(ledgerHours).isEqualByComparingTo(BigDecimal.valueOf(room * 2L));
    assertThat(usage.path("budget").path("coreHours").path("net").decimalValue())
        .isEqualByComparingTo(ledgerHours);
    assertThat(usage.path("budget").path("coreHours").path("reserved").decimalValue())
        .isEqualByComparingTo(ledgerHours);
  }

  @Test
  void simultaneousCreatesOfOneUserStopAtTheirOwnLimitAndTheBudgetHolds() throws Exception {
    String slug = institution();
    fixtures.quota(slug, 1000, 1000, 1000, 1000, 3, 1_000_000);
    Api alice = fixtures.member(slug, "alice@" + slug + ".example", "member");
    List<Api.Response> mine =
        simultaneously(50, i -> alice.post("/api/v1/sandboxes", "{\"template\":\"starter\"}"));
    assertThat(mine.stream().filter(a -> a.status() == 202)).hasSize(3);

    String budgetSlug = institution();
    fixtures.quota(budgetSlug, 1000, 1000, 1000, 1000, 1000, 40); // 5 starter sandboxes of PT8H
    List<Api> members = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      members.add(fixtures.member(budgetSlug, "m" + i + "@" + budgetSlug + ".example", "member"));
    }
    List<Api.Response> answers =
        simultaneously(
            60, i -> members.get(i % 10).post("/api/v1/sandboxes", "{\"template\":\"starter\"}"));
    assertThat(answers.stream().filter(a -> a.status() == 202)).hasSize(5);
    assertThat(answers.stream().filter(a -> a.status() == 409))
        .allSatisfy(
            refusal ->
                assertThat(refusal.json().path("error").path("details").path("limit").asString())
                    .isEqualTo("coreHours"));
    JsonNode coreHours =
        admin
            .get("/api/v1/institutions/" + budgetSlug + "/usage")
            .json()
            .path("budget")
            .path("coreHours");
    assertThat(coreHours.path("net").decimalValue()).isEqualByComparingTo("40");
    assertThat(coreHours.path("remaining").decimalValue()).isEqualByComparingTo("0");
  }

  @Test
  void createsRacingAQuotaChangeNeverExceedTheLimitInForceWhenAdmitted() throws Exception {
    String slug = institution();
    fixtures.quota(slug, 100, 1000, 1000, 1000, 1000, 1_000_000);
    List<Api> members = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      members.add(fixtures.member(slug, "r" + i + "@" + slug + ".example", "member"));
    }
    List<Api.Response> answers =
        simultaneously(
            101,
            i ->
                i == 50
                    ? admin.put(
                        "/api/v1/institutions/" + slug + "/quota",
                        quotaJson(10, 1000, 1000, 1000, 1000, 1_000_000))
                    : members.get(i % 10).post("/api/v1/sandboxes", "{\"template\":\"starter\"}"));
    assertThat(answers.get(50).status()).isEqualTo(200);

    Instant changedAt =
        app.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select q.updated_at from quotas q join institutions i on i.id = q.institution_id where i.slug = :slug")
                        .bind("slug", slug)
                        .mapTo(Instant.class)
                        .one());
    List<Instant> admitted =
        app.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select s.created_at from sandboxes s join institutions i on i.id = s.institution_id"
                                + " where i.slug = :slug order by s.created_at")
                        .bind("slug", slug)
                        .mapTo(Instant.class)
                        .list());
    for (int rank = 0; rank < admitted.size(); rank++) {
      if (admitted.get(rank).isAfter(changedAt)) {
        assertThat(rank + 1)
            .as("admitted after the quota fell to 10, as number %d", rank + 1)
            .isLessThanOrEqualTo(10);
      }
    }
    long refused = answers.stream().filter(a -> a.status() == 409).count();
    assertThat(admitted.size() + refused).isEqualTo(100);
  }

  @Test
  void loweringAQuotaStopsNothingRunningButRefusesNewWorkAndShowsOverQuota() {
    String slug = institution();
    Api alice = fixtures.member(slug, "alice@" + slug + ".example", "member");
    String first = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String second = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    fixtures.awaitState(alice, first, "READY");
    fixtures.awaitState(alice, second, "READY");

    fixtures.quota(slug, 1, 1, 100, 100, 10, 100_000);

    assertThat(alice.get("/api/v1/sandboxes/" + first).text("state")).isEqualTo("READY");
    assertThat(alice.post("/api/v1/sandboxes", "{\"template\":\"starter\"}").errorCode())
        .isEqualTo("quota_exceeded");
    JsonNode usage = alice.get("/api/v1/institutions/" + slug + "/usage").json();
    assertThat(usage.path("overQuota").findValuesAsString("")).isEmpty();
    List<String> over = new ArrayList<>();
    usage.path("overQuota").forEach(node -> over.add(node.asString()));
    assertThat(over).containsExactly("maxSandboxes", "cpu");
    assertThat(
            alice
                .post("/api/v1/sandboxes/" + first + "/extend", "{\"duration\":\"PT1H\"}")
                .status())
        .as("extensions need budget only")
        .isEqualTo(200);
  }

  @Test
  void anExtensionRacingADeletionIsEitherRefundedWithItOrRefused() throws Exception {
    String slug = institution();
    Api alice = fixtures.member(slug, "alice@" + slug + ".example", "member");
    for (int round = 0; round < 12; round++) {
      String id = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT4H\"}");
      List<Api.Response> answers =
          simultaneously(
              2,
              i ->
                  i == 0
                      ? alice.post("/api/v1/sandboxes/" + id + "/extend", "{\"duration\":\"PT2H\"}")
                      : alice.delete("/api/v1/sandboxes/" + id));
      Api.Response extend = answers.get(0);
      assertThat(answers.get(1).status()).isEqualTo(202);
      assertThat(extend.status()).as(extend.toString()).isIn(200, 409);

      Map<String, Object> ledger =
          app.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "select coalesce(sum(minutes) filter (where kind = 'RESERVE'), 0) as reserved,"
                                  + " coalesce(sum(minutes) filter (where kind = 'EXTEND'), 0) as extended,"
                                  + " coalesce(-sum(minutes) filter (where kind = 'REFUND'), 0) as refunded,"
                                  + " max(at) filter (where kind = 'REFUND') as refunded_at,"
                                  + " (select expires_at from sandboxes where id = cast(:id as uuid)) as expires_at"
                                  + " from quota_ledger where sandbox_id = cast(:id as uuid)")
                          .bind("id", id)
                          .mapToMap()
                          .one());
      long extended = ((Number) ledger.get("extended")).longValue();
      long refunded = ((Number) ledger.get("refunded")).longValue();
      Instant expiresAt = ((java.sql.Timestamp) ledger.get("expires_at")).toInstant();
      Instant refundedAt = ((java.sql.Timestamp) ledger.get("refunded_at")).toInstant();
      assertThat(((Number) ledger.get("reserved")).longValue()).isEqualTo(240);
      if (extend.status() == 200) {
        assertThat(extended).as("the extension is booked").isEqualTo(120);
      } else {
        assertThat(extend.errorCode()).isEqualTo("conflict");
        assertThat(extended).as("a refused extension books nothing").isZero();
      }
      assertThat(refunded)
          .as(
              "the refund counts the expiry in force when the deletion ran, extension included or not")
          .isEqualTo(java.time.Duration.between(refundedAt, expiresAt).toMinutes());
      assertThat(240 + extended - refunded).isBetween(0L, 2L);
    }
  }

  @Test
  void theLedgerIsAppendOnly() {
    String slug = institution();
    Api alice = fixtures.member(slug, "alice@" + slug + ".example", "member");
    fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    app.jdbi()
                        .useHandle(h -> h.execute("update quota_ledger set core_minutes = 0"))))
        .hasMessageContaining("append-only");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> app.jdbi().useHandle(h -> h.execute("delete from quota_ledger"))))
        .hasMessageContaining("append-only");
  }

  private static String quotaJson(
      int max, int cpu, int memory, int storage, int perUser, int coreHours) {
    return "{\"maxSandboxes\":"
        + max
        + ",\"cpu\":"
        + cpu
        + ",\"memoryGiB\":"
        + memory
        + ",\"storageGiB\":"
        + storage
        + ",\"sandboxesPerUser\":"
        + perUser
        + ",\"coreHoursPerMonth\":"
        + coreHours
        + "}";
  }

  private static int namespacesOf(String slug) {
    return app.cluster()
        .client()
        .namespaces()
        .withLabel("estran.bzh/institution", slug)
        .list()
        .getItems()
        .size();
  }

  private static int count(String sql) {
    return app.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }

  /** Fires {@code n} calls at once (released together by a latch) and returns their answers. */
  static List<Api.Response> simultaneously(int n, java.util.function.IntFunction<Api.Response> call)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Api.Response>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        Callable<Api.Response> task =
            () -> {
              go.await();
              return call.apply(index);
            };
        futures.add(pool.submit(task));
      }
      go.countDown();
      List<Api.Response> answers = new ArrayList<>();
      for (Future<Api.Response> future : futures) {
        answers.add(future.get());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }
}
