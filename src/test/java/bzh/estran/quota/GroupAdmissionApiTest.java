package bzh.estran.quota;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Group admission over HTTP against PostgreSQL: simultaneous creations of one institution are
 * decided together in one transaction, and still exactly as if one after the other — no limit
 * overshoots, a refused creation leaves nothing but its audit entry, one member's taken name
 * refuses only that member, and a group whose transaction fails admits its members one by one.
 */
class GroupAdmissionApiTest {

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api admin;

  @BeforeAll
  static void start() {
    // the fixtures make many changes as the admin: no rate limit gets in their way
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

  @Test
  void twoHundredAtOnceAdmitExactlyTheRoomAndTheRefusedLeaveOnlyTheirAuditEntry() throws Exception {
    String slug = "grp";
    fixtures.institution(slug);
    int room = 41;
    fixtures.quota(slug, room, 1000, 1000, 1000, 1000, 1_000_000);
    List<Api> members = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      members.add(fixtures.member(slug, "g" + i + "@" + slug + ".example", "member"));
    }
    double groupedBefore = metric("estran_admissions_group_size_sum");

    // half ask for a name, half let one be made up
    List<Api.Response> answers =
        QuotaAdmissionApiTest.simultaneously(
            200,
            i ->
                members
                    .get(i % members.size())
                    .post(
                        "/api/v1/sandboxes",
                        i % 2 == 0
                            ? "{\"template\":\"starter\",\"duration\":\"PT2H\",\"name\":\"n"
                                + i
                                + "\"}"
                            : "{\"template\":\"starter\",\"duration\":\"PT2H\"}"));

    Map<Integer, Long> byStatus =
        answers.stream()
            .collect(Collectors.groupingBy(Api.Response::status, Collectors.counting()));
    assertThat(byStatus).containsOnlyKeys(202, 409);
    assertThat(byStatus.get(202)).isEqualTo(room);
    assertThat(answers.stream().filter(a -> a.status() == 409))
        .allSatisfy(
            refusal -> {
              assertThat(refusal.errorCode()).isEqualTo("quota_exceeded");
              assertThat(refusal.json().path("error").path("details").path("limit").asString())
                  .isEqualTo("maxSandboxes");
            });
    assertThat(metric("estran_admissions_group_size_sum"))
        .as("some of them were decided in groups")
        .isGreaterThan(groupedBefore);
    assertThat(metric("estran_admissions_lanes"))
        .as("every lane handed over before its last answer, and left the map once idle")
        .isZero();

    List<JsonNode> admitted =
        answers.stream().filter(a -> a.status() == 202).map(Api.Response::json).toList();
    for (JsonNode sandbox : admitted) {
      assertThat(sandbox.path("state").asString()).isEqualTo("PROVISIONING");
      assertThat(sandbox.path("institution").asString()).isEqualTo(slug);
      assertThat(sandbox.path("owner").asString()).endsWith("@" + slug + ".example");
      assertThat(sandbox.path("namespace").asString()).isNotBlank();
    }
    for (int i = 0; i < answers.size(); i += 2) {
      if (answers.get(i).status() == 202) {
        assertThat(answers.get(i).text("name")).isEqualTo("n" + i);
      }
    }
    assertThat(admitted.stream().map(s -> s.path("id").asString()).distinct()).hasSize(room);

    // only the admitted exist, each with one reservation, one REQUESTED event, its notices
    String ofSlug = " join institutions i on i.id = s.institution_id where i.slug = '" + slug + "'";
    assertThat(count("select count(*) from sandboxes s" + ofSlug)).isEqualTo(room);
    assertThat(
            count(
                "select count(*) from quota_ledger l join sandboxes s on s.id = l.sandbox_id"
                    + ofSlug
                    + " and l.kind = 'RESERVE'"))
        .isEqualTo(room);
    assertThat(
            count(
                "select count(*) from quota_ledger l join institutions i on i.id = l.institution_id"
                    + " where i.slug = '"
                    + slug
                    + "'"))
        .isEqualTo(room);
    assertThat(
            count(
                "select count(*) from sandbox_events e join sandboxes s on s.id = e.sandbox_id"
                    + ofSlug
                    + " and e.type = 'REQUESTED'"))
        .isEqualTo(room);
    assertThat(
            count(
                "select count(*) from notices n join sandboxes s on s.id = n.sandbox_id" + ofSlug))
        .as("one warning each, an hour before its expiry")
        .isEqualTo(room);
    assertThat(
            count(
                "select count(*) from notices n where not exists"
                    + " (select 1 from sandboxes s where s.id = n.sandbox_id)"))
        .isZero();
    // one audit entry per request: the admitted name the institution, the refused do not
    String entries =
        "select count(*) from audit_log a where a.actor_email like '%@"
            + slug
            + ".example' and a.action = 'POST /api/v1/sandboxes'";
    assertThat(count(entries)).isEqualTo(200);
    assertThat(
            count(
                entries
                    + " and a.status = 202 and a.institution_id ="
                    + " (select id from institutions where slug = '"
                    + slug
                    + "')"))
        .isEqualTo(room);
    assertThat(count(entries + " and a.status = 409 and a.institution_id is null"))
        .isEqualTo(200 - room);

    // the cluster gets the admitted sandboxes' namespaces, and no other
    Set<String> namespaces = new HashSet<>();
    admitted.forEach(s -> namespaces.add(s.path("namespace").asString()));
    Eventually.await(
        "the admitted sandboxes' namespaces",
        Duration.ofSeconds(60),
        () -> namespacesOf(slug),
        found -> found.equals(namespaces));
    JsonNode usage = admin.get("/api/v1/institutions/" + slug + "/usage").json();
    assertThat(usage.path("inUse").path("sandboxes").asInt()).isEqualTo(room);
  }

  @Test
  void aGroupKeepsEachUsersLimitAndEachCohortsSubLimit() throws Exception {
    String slug = "grpc";
    fixtures.institution(slug);
    fixtures.quota(slug, 1000, 1000, 1000, 1000, 2, 1_000_000);
    List<Api> members = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      members.add(fixtures.member(slug, "u" + i + "@" + slug + ".example", "member"));
    }
    List<Api.Response> answers =
        QuotaAdmissionApiTest.simultaneously(
            60,
            i ->
                members
                    .get(i % members.size())
                    .post("/api/v1/sandboxes", "{\"template\":\"starter\",\"duration\":\"PT1H\"}"));
    assertThat(answers.stream().filter(a -> a.status() == 202)).hasSize(20);
    assertThat(
            count(
                "select count(*) from (select s.owner_id from sandboxes s"
                    + " join institutions i on i.id = s.institution_id where i.slug = '"
                    + slug
                    + "' group by s.owner_id having count(*) = 2) t"))
        .as("each member has exactly two")
        .isEqualTo(10);

    String cohortSlug = "grpk";
    fixtures.institution(cohortSlug);
    Api teacher =
        fixtures.member(cohortSlug, "teacher@" + cohortSlug + ".example", "cohort-manager");
    java.time.Instant now = app.clock().instant();
    Api.Response cohort =
        teacher.post(
            "/api/v1/institutions/" + cohortSlug + "/cohorts",
            "{\"name\":\"Rush\",\"startsAt\":\""
                + now.minus(Duration.ofDays(1))
                + "\",\"endsAt\":\""
                + now.plus(Duration.ofDays(30))
                + "\",\"limits\":{\"maxSandboxes\":3}}");
    assertThat(cohort.status()).as(cohort.toString()).isEqualTo(201);
    String cohortId = cohort.text("id");
    List<Api> students = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Api student = fixtures.member(cohortSlug, "k" + i + "@" + cohortSlug + ".example", "member");
      Api.Response joined =
          student.post("/api/v1/join", "{\"code\":\"" + cohort.text("joinCode") + "\"}");
      assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
      students.add(student);
    }
    List<Api.Response> rush =
        QuotaAdmissionApiTest.simultaneously(
            24,
            i ->
                students
                    .get(i % students.size())
                    .post(
                        "/api/v1/sandboxes",
                        "{\"template\":\"starter\",\"duration\":\"PT1H\",\"cohort\":\""
                            + cohortId
                            + "\"}"));
    assertThat(rush.stream().filter(a -> a.status() == 202)).hasSize(3);
    assertThat(rush.stream().filter(a -> a.status() == 409))
        .allSatisfy(
            refusal -> {
              JsonNode details = refusal.json().path("error").path("details");
              assertThat(details.path("scope").asString() + "/" + details.path("limit").asString())
                  .isEqualTo("cohort/maxSandboxes");
            });
    assertThat(
            count(
                "select count(*) from sandboxes where cohort_id = '"
                    + cohortId
                    + "' and state in ('PROVISIONING', 'READY', 'DELETING')"))
        .isEqualTo(3);
  }

  @Test
  void aTakenNameRefusesOnlyItsOwnCreation() throws Exception {
    String slug = "grpn";
    fixtures.institution(slug);
    List<Api> members = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      members.add(fixtures.member(slug, "t" + i + "@" + slug + ".example", "member"));
    }
    Api alice = members.get(0);
    Api bob = members.get(1);
    fixtures.sandbox(alice, "{\"template\":\"starter\",\"name\":\"taken\"}");
    double groupedBefore = metric("estran_admissions_group_size_sum");
    for (int round = 0; round < 3; round++) {
      String twin = "twin" + round;
      int r = round;
      List<Api.Response> answers =
          QuotaAdmissionApiTest.simultaneously(
              40,
              i -> {
                String name = i == 7 ? "taken" : (i == 13 || i == 14) ? twin : "r" + r + "-" + i;
                Api caller = i == 7 ? alice : (i == 13 || i == 14) ? bob : members.get(i % 20);
                return caller.post(
                    "/api/v1/sandboxes",
                    "{\"template\":\"starter\",\"duration\":\"PT1H\",\"name\":\"" + name + "\"}");
              });
      Api.Response takenAnswer = answers.get(7);
      assertThat(takenAnswer.status()).as(takenAnswer.toString()).isEqualTo(409);
      assertThat(takenAnswer.errorCode()).isEqualTo("conflict");
      List<Integer> twins = List.of(answers.get(13).status(), answers.get(14).status());
      assertThat(twins).as("one of the twins").containsExactlyInAnyOrder(202, 409);
      for (int i = 0; i < answers.size(); i++) {
        if (i != 7 && i != 13 && i != 14) {
          assertThat(answers.get(i).status()).as(answers.get(i).toString()).isEqualTo(202);
        }
      }
    }
    assertThat(metric("estran_admissions_group_size_sum")).isGreaterThan(groupedBefore);
    assertThat(
            count(
                "select count(*) from (select owner_id, name from sandboxes"
                    + " where state in ('PROVISIONING', 'READY', 'DELETING')"
                    + " group by owner_id, name having count(*) > 1) t"))
        .isZero();
    assertThat(
            count(
                "select count(*) from sandboxes s join institutions i on i.id = s.institution_id"
                    + " where i.slug = '"
                    + slug
                    + "'"))
        .isEqualTo(1 + 3 * 38);
  }

  @Test
  void aGroupWhoseTransactionFailsAdmitsItsMembersOneByOne() throws Exception {
    String slug = "grpf";
    fixtures.institution(slug);
    List<Api> members = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      members.add(fixtures.member(slug, "f" + i + "@" + slug + ".example", "member"));
    }
    Api carol = members.get(0);
    Api bob = members.get(1);
    double failuresBefore = metric("estran_admissions_group_failures_total");
    // Two live names held by transactions the test keeps open: a lone admission of carol's "pace"
    // waits on the first, holding the institution's lane while a group forms behind it; the group,
    // which holds bob's "racing", then waits on the second, which commits: its insert fails.
    try (Handle pace = app.jdbi().open();
        Handle racing = app.jdbi().open()) {
      pace.begin();
      insertLiveSandbox(pace, carol, slug, "pace");
      racing.begin();
      insertLiveSandbox(racing, bob, slug, "racing");

      CompletableFuture<Api.Response> pacer =
          async(
              () ->
                  carol.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"name\":\"pace\"}"));
      awaitLockWaiters(1);
      List<CompletableFuture<Api.Response>> group = new ArrayList<>();
      group.add(
          async(
              () ->
                  bob.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"name\":\"racing\"}")));
      for (int i = 2; i < 10; i++) {
        Api member = members.get(i);
        group.add(
            async(
                () ->
                    member.post(
                        "/api/v1/sandboxes", "{\"template\":\"starter\",\"name\":\"ok\"}")));
      }
      Eventually.await(
          "the group to wait behind the lone admission",
          Duration.ofSeconds(30),
          () -> metric("estran_admissions_waiting"),
          waiting -> waiting == 9);
      assertThat(metric("estran_admissions_lanes"))
          .as("one institution admits now: one lane")
          .isEqualTo(1);
      pace.rollback(); // the lone admission goes on and ends; the group starts
      assertThat(pacer.get().status()).as(pacer.get().toString()).isEqualTo(202);
      awaitLockWaiters(1); // the group's insert waits for "racing"
      racing.commit();

      Api.Response bobs = group.get(0).get();
      assertThat(bobs.status()).as(bobs.toString()).isEqualTo(409);
      assertThat(bobs.errorCode()).isEqualTo("conflict");
      for (int i = 1; i < group.size(); i++) {
        Api.Response answer = group.get(i).get();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
      }
    }
    assertThat(metric("estran_admissions_group_failures_total")).isEqualTo(failuresBefore + 1);
    String ofSlug = " join institutions i on i.id = s.institution_id where i.slug = '" + slug + "'";
    // carol's "pace" and eight "ok", each booked once; bob's refused "racing" left nothing
    assertThat(
            count(
                "select count(*) from quota_ledger l join sandboxes s on s.id = l.sandbox_id"
                    + ofSlug))
        .isEqualTo(9);
    assertThat(
            count(
                "select count(*) from audit_log a where a.actor_email like '%@"
                    + slug
                    + ".example' and a.action = 'POST /api/v1/sandboxes'"))
        .isEqualTo(10);
  }

  /** A live sandbox row written straight into the database, in the handle's transaction. */
  private static void insertLiveSandbox(Handle handle, Api owner, String slug, String name) {
    UUID id = UUID.randomUUID();
    handle
        .createUpdate(
            "insert into sandboxes (id, name, owner_id, institution_id, template, datasets, cpu,"
                + " memory_gib, storage_gib, state, namespace, created_at, expires_at, updated_at,"
                + " booked_period) select :id, :name, cast(:owner as uuid), i.id, 'starter',"
                + " '{}', 1, 2, 5, 'READY', :namespace, now(), now() + interval '1 hour', now(),"
                + " to_char(now(), 'YYYY-MM') from institutions i where i.slug = :slug")
        .bind("id", id)
        .bind("name", name)
        .bind("owner", owner.get("/api/v1/me").text("id"))
        .bind("namespace", "test-" + id)
        .bind("slug", slug)
        .execute();
  }

  /** Waits until at least {@code n} database sessions wait for a lock. */
  private static void awaitLockWaiters(int n) {
    Eventually.await(
        n + " session(s) waiting for a lock",
        Duration.ofSeconds(30),
        () ->
            count(
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                    + " and datname = current_database()"),
        waiting -> waiting >= n);
  }

  private static <T> CompletableFuture<T> async(Supplier<T> call) {
    return CompletableFuture.supplyAsync(call, runnable -> new Thread(runnable).start());
  }

  private static double metric(String name) {
    return admin
        .get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static Set<String> namespacesOf(String slug) {
    Set<String> names = new HashSet<>();
    app.cluster()
        .client()
        .namespaces()
        .withLabel("estran.bzh/institution", slug)
        .list()
        .getItems()
        .forEach(ns -> names.add(ns.getMetadata().getName()));
    return names;
  }

  private static int count(String sql) {
    return app.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }
}
