package bzh.estran.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Cohorts over HTTP: creation, visibility, join codes, sandboxes in a cohort, bulk provisioning.
 */
class CohortApiTest {

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api teacher;
  private static Api ubsAdmin;
  private static Api student;
  private static Api mallory;
  private static int counter;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    fixtures.institution("imt");
    teacher = fixtures.member("ubs", "teacher@univ-ubs.fr", "cohort-manager");
    ubsAdmin = fixtures.member("ubs", "admin@univ-ubs.fr", "institution-admin");
    student = fixtures.member("ubs", "student@univ-ubs.fr", "member");
    mallory = fixtures.member("imt", "mallory@imt-atlantique.fr", "member");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static JsonNode cohort(String extra) {
    Instant now = app.clock().instant();
    String body =
        "{\"name\":\"Cloud lab "
            + (++counter)
            + "\",\"startsAt\":\""
            + now.minus(Duration.ofDays(1))
            + "\",\"endsAt\":\""
            + now.plus(Duration.ofDays(30))
            + "\""
            + extra
            + "}";
    Api.Response created = teacher.post("/api/v1/institutions/ubs/cohorts", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  /** A fresh user of no institution who joins with the code. */
  private static Api joiner(String code) {
    Api newcomer = outsider();
    Api.Response joined = newcomer.post("/api/v1/join", "{\"code\":\"" + code + "\"}");
    assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
    return newcomer;
  }

  private static Api outsider() {
    String email = "user" + (++counter) + "@etud.univ-ubs.fr";
    Api.Response user =
        app.admin().post("/api/v1/users", "{\"email\":\"" + email + "\",\"name\":\"Student\"}");
    String token =
        app.admin()
            .post("/api/v1/users/" + user.text("id") + "/tokens", "{\"name\":\"t\"}")
            .text("token");
    return app.admin().as(token);
  }

  @Test
  void managersCreateCohortsWithAReadableJoinCodeAndOthersCannot() {
    JsonNode cohort =
        cohort(",\"maxSandboxDuration\":\"PT4H\",\"limits\":{\"maxSandboxes\":30,\"cpu\":20}");
    assertThat(cohort.path("institution").asString()).isEqualTo("ubs");
    assertThat(cohort.path("maxSandboxDuration").asString()).isEqualTo("PT4H");
    assertThat(cohort.path("limits").path("maxSandboxes").asInt()).isEqualTo(30);
    assertThat(cohort.path("limits").path("memoryGiB").isNull()).isTrue();
    assertThat(cohort.path("joinCode").asString()).matches("[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}");

    String body =
        "{\"name\":\"x\",\"startsAt\":\"2026-01-01T00:00:00Z\",\"endsAt\":\"2099-01-01T00:00:00Z\"}";
    assertThat(student.post("/api/v1/institutions/ubs/cohorts", body).status()).isEqualTo(403);
    assertThat(mallory.post("/api/v1/institutions/ubs/cohorts", body).status()).isEqualTo(404);
    assertThat(ubsAdmin.post("/api/v1/institutions/ubs/cohorts", body).status()).isEqualTo(201);
    assertThat(
            ubsAdmin
                .post("/api/v1/institutions/ubs/cohorts", body.replace("\"x\"", "\"X\""))
                .status())
        .as("names are unique per institution, whatever the case")
        .isEqualTo(409);

    Api.Response bad =
        teacher.post(
            "/api/v1/institutions/ubs/cohorts",
            "{\"startsAt\":\"2026-12-01T00:00:00Z\",\"endsAt\":\"2026-11-01T00:00:00Z\",\"maxSandboxDuration\":\"PT1M\","
                + "\"limits\":{\"cpu\":-1},\"joinCode\":{\"maxUses\":0}}");
    assertThat(bad.status()).isEqualTo(400);
    JsonNode fields = bad.json().path("error").path("details").path("fields");
    assertThat(fields.path("name").asString()).isEqualTo("is required");
    assertThat(fields.path("endsAt").asString()).contains("after startsAt");
    assertThat(fields.path("maxSandboxDuration").asString()).contains("PT10M");
    assertThat(fields.path("limits.cpu").asString()).contains("at least 0");
    assertThat(fields.path("joinCode.maxUses").asString()).contains("at least 1");
  }

  @Test
  void joiningMakesAMemberOfCohortAndInstitutionAndOnlyManagersSeeTheCode() {
    JsonNode cohort = cohort("");
    String id = cohort.path("id").asString();
    String code = cohort.path("joinCode").asString();
    Api newcomer = outsider();
    assertThat(newcomer.get("/api/v1/cohorts/" + id).status()).isEqualTo(404);

    Api.Response joined =
        newcomer.post(
            "/api/v1/join", "{\"code\":\"" + code.toLowerCase().replace("-", " ") + "\"}");
    assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
    assertThat(joined.json().path("cohort").path("id").asString()).isEqualTo(id);
    assertThat(joined.json().path("cohort").has("joinCode")).isFalse();
    JsonNode me = newcomer.get("/api/v1/me").json();
    assertThat(me.path("memberships").get(0).path("institution").asString()).isEqualTo("ubs");
    assertThat(me.path("memberships").get(0).path("role").asString()).isEqualTo("member");
    assertThat(me.path("cohorts").get(0).path("id").asString()).isEqualTo(id);

    assertThat(newcomer.get("/api/v1/cohorts/" + id).json().has("joinCode")).isFalse();
    assertThat(teacher.get("/api/v1/cohorts/" + id).json().path("joinCode").asString())
        .isEqualTo(code);
    assertThat(newcomer.post("/api/v1/join", "{\"code\":\"" + code + "\"}").status())
        .as("joining again")
        .isEqualTo(200);
    assertThat(teacher.get("/api/v1/cohorts/" + id).json().path("joinCodeUses").asInt())
        .isEqualTo(1);
    assertThat(newcomer.get("/api/v1/cohorts/" + id + "/members").status()).isEqualTo(403);
    assertThat(teacher.get("/api/v1/cohorts/" + id + "/members").json().findValuesAsString("role"))
        .containsExactlyInAnyOrder("manager", "member");
    assertThat(mallory.get("/api/v1/cohorts/" + id).status()).isEqualTo(404);
    assertThat(ids(ubsAdmin.get("/api/v1/institutions/ubs/cohorts"))).contains(id);
    assertThat(ids(student.get("/api/v1/institutions/ubs/cohorts"))).doesNotContain(id);
  }

  @Test
  void expiredUsedUpRotatedAndEndedCodesAreRefused() {
    Instant now = app.clock().instant();
    JsonNode expiring =
        cohort(",\"joinCode\":{\"expiresAt\":\"" + now.plus(Duration.ofHours(1)) + "\"}");
    app.clock().advance(Duration.ofHours(2));
    Api.Response expired =
        outsider()
            .post("/api/v1/join", "{\"code\":\"" + expiring.path("joinCode").asString() + "\"}");
    assertThat(expired.status()).isEqualTo(400);
    assertThat(expired.json().path("error").path("details").path("fields").path("code").asString())
        .isEqualTo("has expired");

    JsonNode once = cohort(",\"joinCode\":{\"maxUses\":1}");
    joiner(once.path("joinCode").asString());
    Api.Response usedUp =
        outsider().post("/api/v1/join", "{\"code\":\"" + once.path("joinCode").asString() + "\"}");
    assertThat(usedUp.json().path("error").path("details").path("fields").path("code").asString())
        .isEqualTo("has been used up");

    JsonNode rotating = cohort("");
    String old = rotating.path("joinCode").asString();
    Api.Response rotated =
        teacher.post(
            "/api/v1/cohorts/" + rotating.path("id").asString() + "/join-code", "{\"maxUses\":10}");
    assertThat(rotated.status()).isEqualTo(200);
    String fresh = rotated.text("joinCode");
    assertThat(fresh).isNotEqualTo(old);
    assertThat(rotated.json().path("joinCodeMaxUses").asInt()).isEqualTo(10);
    assertThat(outsider().post("/api/v1/join", "{\"code\":\"" + old + "\"}").status())
        .isEqualTo(404);
    joiner(fresh);
    assertThat(
            student
                .post("/api/v1/cohorts/" + rotating.path("id").asString() + "/join-code", "")
                .status())
        .isEqualTo(404);

    Api.Response ended =
        teacher.post(
            "/api/v1/institutions/ubs/cohorts",
            "{\"name\":\"Short "
                + (++counter)
                + "\",\"startsAt\":\""
                + app.clock().instant().minus(Duration.ofDays(1))
                + "\",\"endsAt\":\""
                + app.clock().instant().plus(Duration.ofHours(1))
                + "\"}");
    app.clock().advance(Duration.ofHours(2));
    assertThat(
            outsider()
                .post("/api/v1/join", "{\"code\":\"" + ended.text("joinCode") + "\"}")
                .status())
        .isEqualTo(409);
    assertThat(outsider().post("/api/v1/join", "{}").status()).isEqualTo(400);
  }

  @Test
  void aCodeLimitedToFiveUsesAdmitsExactlyFiveOfTwentySimultaneousJoins() throws Exception {
    String code = cohort(",\"joinCode\":{\"maxUses\":5}").path("joinCode").asString();
    List<Api> people = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      people.add(outsider());
    }
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> answers = new ArrayList<>();
      for (Api person : people) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return person.post("/api/v1/join", "{\"code\":\"" + code + "\"}").status();
                }));
      }
      go.countDown();
      int admitted = 0;
      for (Future<Integer> answer : answers) {
        admitted += answer.get() == 200 ? 1 : 0;
      }
      assertThat(admitted).isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCohortsSandboxesFollowItsRulesAndItsManagersSeeThem() {
    Instant now = app.clock().instant();
    Api.Response short_ =
        teacher.post(
            "/api/v1/institutions/ubs/cohorts",
            "{\"name\":\"Evening "
                + (++counter)
                + "\",\"startsAt\":\""
                + now
                + "\",\"endsAt\":\""
                + now.plus(Duration.ofHours(3))
                + "\",\"maxSandboxDuration\":\"PT6H\",\"limits\":{\"maxSandboxes\":2}}");
    String id = short_.text("id");
    Api alice = joiner(short_.text("joinCode"));

    Api.Response tooLong =
        alice.post(
            "/api/v1/sandboxes",
            "{\"template\":\"starter\",\"cohort\":\"" + id + "\",\"duration\":\"PT7H\"}");
    assertThat(
            tooLong.json().path("error").path("details").path("fields").path("duration").asString())
        .contains("cohort");
    Api.Response created =
        alice.post(
            "/api/v1/sandboxes",
            "{\"template\":\"starter\",\"cohort\":\"" + id + "\",\"duration\":\"PT5H\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    assertThat(created.text("cohort")).isEqualTo(id);
    assertThat(Instant.parse(created.text("expiresAt")))
        .as("capped at the cohort's end")
        .isEqualTo(Instant.parse(short_.text("endsAt")));
    String sandbox = created.text("id");
    assertThat(teacher.get("/api/v1/sandboxes/" + sandbox).status()).isEqualTo(200);
    assertThat(teacher.get("/api/v1/sandboxes?cohort=" + id).json().findValuesAsString("id"))
        .containsExactly(sandbox);
    assertThat(student.get("/api/v1/sandboxes/" + sandbox).status()).isEqualTo(404);
    assertThat(teacher.get("/api/v1/sandboxes/" + sandbox + "/kubeconfig").status()).isEqualTo(403);
    fixtures.awaitState(alice, sandbox, "READY");
    Api.Response extend =
        alice.post("/api/v1/sandboxes/" + sandbox + "/extend", "{\"duration\":\"PT1H\"}");
    assertThat(
            extend.json().path("error").path("details").path("fields").path("duration").asString())
        .contains("end of cohort");

    assertThat(
            alice
                .post(
                    "/api/v1/sandboxes",
                    "{\"template\":\"starter\",\"cohort\":\"" + id + "\",\"duration\":\"PT1H\"}")
                .status())
        .isEqualTo(202);
    Api.Response third =
        alice.post(
            "/api/v1/sandboxes",
            "{\"template\":\"starter\",\"cohort\":\"" + id + "\",\"duration\":\"PT1H\"}");
    assertThat(third.errorCode()).isEqualTo("quota_exceeded");
    assertThat(third.json().path("error").path("details").path("scope").asString())
        .isEqualTo("cohort");
    assertThat(third.json().path("error").path("details").path("limit").asString())
        .isEqualTo("maxSandboxes");
    assertThat(
            alice
                .post("/api/v1/sandboxes", "{\"template\":\"starter\",\"duration\":\"PT1H\"}")
                .status())
        .as("outside the cohort, the institution's quota alone applies")
        .isEqualTo(202);
    assertThat(
            mallory
                .post("/api/v1/sandboxes", "{\"template\":\"starter\",\"cohort\":\"" + id + "\"}")
                .status())
        .isEqualTo(404);
  }

  @Test
  void provisioningAWholeCohortMakesOneSandboxPerMemberOnceAndReportsRefusals() {
    JsonNode cohort = cohort(",\"limits\":{\"maxSandboxes\":4}");
    String id = cohort.path("id").asString();
    for (int i = 0; i < 6; i++) {
      joiner(cohort.path("joinCode").asString());
    }
    String lab = "{\"template\":\"starter\",\"duration\":\"PT3H\"}";

    Api.Response first = teacher.post("/api/v1/cohorts/" + id + "/sandboxes", lab);
    assertThat(first.status()).as(first.toString()).isEqualTo(202);
    assertThat(first.json().path("created")).hasSize(4);
    assertThat(first.json().path("refused")).hasSize(2);
    assertThat(first.json().path("refused").get(0).path("error").path("code").asString())
        .isEqualTo("quota_exceeded");
    assertThat(
            first
                .json()
                .path("refused")
                .get(0)
                .path("error")
                .path("details")
                .path("scope")
                .asString())
        .isEqualTo("cohort");
    assertThat(first.json().path("created").findValuesAsString("owner"))
        .doesNotContain("teacher@univ-ubs.fr");

    Api.Response second = teacher.post("/api/v1/cohorts/" + id + "/sandboxes", lab);
    assertThat(second.json().path("created")).isEmpty();
    assertThat(second.json().path("skipped")).hasSize(4);
    int inCohort =
        app.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select count(*) from sandboxes where cohort_id = cast(:id as uuid)")
                        .bind("id", id)
                        .mapTo(Integer.class)
                        .one());
    assertThat(inCohort).isEqualTo(4);

    assertThat(student.post("/api/v1/cohorts/" + id + "/sandboxes", lab).status()).isEqualTo(404);
    Api.Response bad =
        teacher.post("/api/v1/cohorts/" + id + "/sandboxes", "{\"template\":\"nope\"}");
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void twoSimultaneousBulkCallsMakeNoDuplicates() throws Exception {
    JsonNode cohort = cohort("");
    String id = cohort.path("id").asString();
    for (int i = 0; i < 5; i++) {
      joiner(cohort.path("joinCode").asString());
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Api.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  return teacher.post(
                      "/api/v1/cohorts/" + id + "/sandboxes", "{\"template\":\"starter\"}");
                }));
      }
      go.countDown();
      int created = 0;
      for (Future<Api.Response> call : calls) {
        created += call.get().json().path("created").size();
      }
      assertThat(created).isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<String> ids(Api.Response list) {
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    return list.json().findValuesAsString("id");
  }
}
