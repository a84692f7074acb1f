package bzh.estran.retention;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.membership.UserErasure;
import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.MutableClock;
import bzh.estran.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The erasure of a user who left, by a platform admin: refused while they have a running sandbox,
 * then their personal data replaced or deleted everywhere while the ledger, the usage and the
 * monthly report add up exactly as before. Figures computed by hand (starter: 1 CPU):
 *
 * <pre>
 * 08:00  alice (institution admin of ubs) creates a PT8H; bob creates x PT4H
 * 09:00  alice deletes a (net 1 h) and bob's x (net 1 h), creates b PT8H
 * 10:00  the platform admin deactivates alice: b deleted, net 1 h     -> the month's net: 3 h
 * </pre>
 */
class UserErasureApiTest {

  private static final Instant START = Instant.parse("2026-11-10T08:00:00Z");
  private static final String ISSUER = "https://idp.univ-ubs.fr/realms/ubs";
  private static final String STARTER =
      "{\"template\":\"starter\",\"duration\":\"%s\",\"name\":\"%s\"}";

  private static TestApp app;
  private static MutableClock clock;
  private static Fixtures fixtures;
  private static Api alice;
  private static Api bob;
  private static String aliceId;
  private static String a;
  private static String b;
  private static String x;

  @BeforeAll
  static void start() {
    clock = MutableClock.fixedAt(START);
    app =
        TestApp.start(
            Map.of(
                "ESTRAN_OIDC_PROVIDERS",
                "[{\"issuer\":\""
                    + ISSUER
                    + "\",\"jwksUrl\":\""
                    + ISSUER
                    + "/certs\",\"domains\":[\"univ-ubs.fr\"]}]"),
            clock);
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "institution-admin");
    bob = fixtures.member("ubs", "bob@univ-ubs.fr", "member");
    aliceId = alice.get("/api/v1/me").text("id");
    Api.Response linked =
        app.admin()
            .put(
                "/api/v1/users/" + aliceId + "/identities",
                "{\"issuer\":\"" + ISSUER + "\",\"subject\":\"alice-sub\"}");
    assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
    assertThat(
            alice
                .raw("PATCH", "/api/v1/me", "application/json", "{\"language\":\"en\"}".getBytes())
                .status())
        .isEqualTo(200);

    a = fixtures.sandbox(alice, STARTER.formatted("PT8H", "thesis-alice"));
    x = fixtures.sandbox(bob, STARTER.formatted("PT4H", "x"));
    fixtures.awaitState(alice, a, "READY");
    fixtures.awaitState(bob, x, "READY");
    clock.advance(Duration.ofHours(1));
    assertThat(alice.delete("/api/v1/sandboxes/" + a).status()).isEqualTo(202);
    assertThat(alice.delete("/api/v1/sandboxes/" + x).status()).isEqualTo(202);
    b = fixtures.sandbox(alice, STARTER.formatted("PT8H", "b"));
    fixtures.awaitState(alice, b, "READY");
    fixtures.awaitState(alice, a, "DELETED");
    fixtures.awaitState(bob, x, "DELETED");
    clock.advance(Duration.ofHours(1));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void refusedWhileASandboxRunsThenErasesEverythingPersonalAndTheFiguresStay() {
    Api admin = app.admin();
    // only a platform admin, and not while b runs
    assertThat(bob.post("/api/v1/users/" + aliceId + "/erase", "{}").status()).isEqualTo(403);
    assertThat(alice.post("/api/v1/users/" + aliceId + "/erase", "{}").status()).isEqualTo(403);
    Api.Response refused = admin.post("/api/v1/users/" + aliceId + "/erase", "{}");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.json().path("error").path("message").asString())
        .contains(b)
        .contains("deactivate");
    assertThat(alice.get("/api/v1/me").text("email")).isEqualTo("alice@univ-ubs.fr");

    // the documented way: deactivate (b is deleted, its unused time refunded), then erase
    assertThat(admin.post("/api/v1/users/" + aliceId + "/deactivate", "{}").status())
        .isEqualTo(200);
    fixtures.awaitState(admin, b, "DELETED");
    JsonNode reportBefore = report();
    JsonNode usageBefore = usage();
    assertThat(reportBefore.path("totals").path("coreHoursNet").decimalValue())
        .isEqualByComparingTo("3");
    long ledgerRows = count("select count(*) from quota_ledger");
    assertThat(count("select count(*) from audit_log where actor_id = '" + aliceId + "'"))
        .isPositive();

    Api.Response erased = admin.post("/api/v1/users/" + aliceId + "/erase", "{}");
    assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
    String placeholder = UserErasure.placeholderEmail(UUID.fromString(aliceId));
    assertThat(erased.text("email")).isEqualTo(placeholder);
    assertThat(erased.json().path("identities").asInt()).isEqualTo(1);
    assertThat(erased.json().path("tokens").asInt()).isPositive();
    assertThat(erased.json().path("auditEntries").asInt()).isPositive();
    assertThat(erased.json().path("sandboxesPurged").asInt()).isEqualTo(2);

    // the figures: the ledger untouched, usage and report the same but for names and owner
    assertThat(count("select count(*) from quota_ledger")).isEqualTo(ledgerRows);
    assertThat(usage()).isEqualTo(usageBefore);
    JsonNode reportAfter = report();
    assertThat(reportAfter.path("totals")).isEqualTo(reportBefore.path("totals"));
    assertThat(anonymous(reportAfter)).isEqualTo(anonymous(reportBefore));
    assertThat(reportBefore.toString()).contains("alice@univ-ubs.fr");
    assertThat(reportAfter.toString()).doesNotContain("alice").contains(placeholder);
    String csv = admin.get("/api/v1/institutions/ubs/report?period=2026-11&format=csv").body();
    assertThat(csv).doesNotContain("alice");

    // nothing personal of hers is left anywhere
    assertThat(
            count(
                "select count(*) from users where id = '"
                    + aliceId
                    + "' and email = '"
                    + placeholder
                    + "' and name = 'erased' and language = 'fr' and not active"
                    + " and erased_at is not null"))
        .isEqualTo(1);
    for (String table :
        new String[] {
          "user_identities", "api_tokens", "web_sessions", "memberships", "cohort_members"
        }) {
      assertThat(count("select count(*) from " + table + " where user_id = '" + aliceId + "'"))
          .as(table)
          .isZero();
    }
    assertThat(
            count(
                "select count(*) from audit_log where actor_id = '"
                    + aliceId
                    + "' and (actor_email <> 'pseudonym:"
                    + aliceId
                    + "' or ip is not null or user_agent is not null)"))
        .isZero();
    for (String query :
        new String[] {
          "select count(*) from audit_log where actor_email ilike '%alice%'",
          "select count(*) from sandbox_events where message ilike '%alice%'",
          "select count(*) from notices where detail ilike '%alice%'",
          "select count(*) from quota_ledger where note ilike '%@%'",
          "select count(*) from sandboxes where name ilike '%alice%'"
        }) {
      assertThat(count(query)).as(query).isZero();
    }
    assertThat(
            count(
                "select count(*) from sandbox_events where sandbox_id = '"
                    + x
                    + "' and message = 'Deletion requested by an erased user.'"))
        .as("bob's sandbox, which she deleted")
        .isEqualTo(1);
    assertThat(count("select count(*) from sandbox_events where sandbox_id = '" + a + "'"))
        .isZero();

    // her token is gone, she cannot be activated again; erasing again changes nothing
    assertThat(alice.get("/api/v1/me").status()).isEqualTo(401);
    assertThat(admin.post("/api/v1/users/" + aliceId + "/activate", "{}").status()).isEqualTo(409);
    Api.Response again = admin.post("/api/v1/users/" + aliceId + "/erase", "{}");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("sandboxesPurged").asInt()).isZero();
    assertThat(again.text("erasedAt")).isEqualTo(erased.text("erasedAt"));
    assertThat(report()).isEqualTo(reportAfter);
    // bob is untouched
    assertThat(bob.get("/api/v1/me").text("email")).isEqualTo("bob@univ-ubs.fr");
  }

  @Test
  void unknownUsersAndOneselfAreRefused() {
    Api admin = app.admin();
    assertThat(admin.post("/api/v1/users/" + UUID.randomUUID() + "/erase", "{}").status())
        .isEqualTo(404);
    String self = admin.get("/api/v1/me").text("id");
    assertThat(admin.post("/api/v1/users/" + self + "/erase", "{}").status()).isEqualTo(403);
    assertThat(admin.post("/api/v1/users/not-an-id/erase", "{}").status()).isEqualTo(404);
  }

  private static JsonNode report() {
    Api.Response response = app.admin().get("/api/v1/institutions/ubs/report?period=2026-11");
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  private static JsonNode usage() {
    Api.Response response = bob.get("/api/v1/institutions/ubs/usage?period=2026-11");
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().path("budget");
  }

  /** The report's rows by sandbox id, without names and owners. */
  private static Map<String, JsonNode> anonymous(JsonNode report) {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    for (JsonNode row : report.path("rows")) {
      ObjectNode copy = (ObjectNode) row.deepCopy();
      copy.remove("name");
      copy.remove("owner");
      rows.put(row.path("sandbox").asString(), copy);
    }
    assertThat(rows).containsKeys(a, b, x);
    return rows;
  }

  private static long count(String sql) {
    return app.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
