package bzh.estran.retention;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.sandbox.SandboxRetention;
import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.MutableClock;
import bzh.estran.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Ended sandboxes lose their name, events and mail records {@code ESTRAN_SANDBOX_RETENTION} after
 * their end, through the sweep, on a clock the test moves; the month's usage and report figures are
 * exactly the same afterwards, and what ended recently, or still runs, is untouched.
 *
 * <pre>
 * 2026-11-10 08:00  a starter PT8H, b starter PT4H (1 CPU each)
 *            10:00  a deleted early: 6 h refunded, net 2 h
 *            12:00  b expires: net 4 h
 * 2026-12-05 08:00  c starter PT8H, deleted at once (ended 6 days before the purge below)
 * 2026-12-11 08:00  retention P30D: a and b (ended 31 days ago) are purged, c is not
 * </pre>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxRetentionApiTest {

  private static final Instant START = Instant.parse("2026-11-10T08:00:00Z");
  private static final String STARTER =
      "{\"template\":\"starter\",\"duration\":\"%s\",\"name\":\"%s\"}";

  private static TestApp app;
  private static MutableClock clock;
  private static Fixtures fixtures;
  private static Api alice;
  private static Api admin;
  private static String a;
  private static String b;
  private static String c;

  @BeforeAll
  static void start() {
    clock = MutableClock.fixedAt(START);
    app =
        TestApp.start(
            Map.of("ESTRAN_SANDBOX_RETENTION", "P30D", "ESTRAN_SWEEP_INTERVAL", "PT0.3S"), clock);
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
    admin = fixtures.member("ubs", "admin@univ-ubs.fr", "institution-admin");
    a = fixtures.sandbox(alice, STARTER.formatted("PT8H", "thesis-alice"));
    b = fixtures.sandbox(alice, STARTER.formatted("PT4H", "b"));
    fixtures.awaitState(alice, a, "READY");
    fixtures.awaitState(alice, b, "READY");
    clock.advance(Duration.ofHours(2));
    assertThat(alice.delete("/api/v1/sandboxes/" + a).status()).isEqualTo(202);
    clock.advance(Duration.ofHours(2));
    fixtures.awaitState(alice, a, "DELETED");
    fixtures.awaitState(alice, b, "DELETED");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  @Order(1)
  void endedSandboxesArePurgedAfterTheRetentionAndTheFiguresStayTheSame() {
    JsonNode reportBefore = report();
    JsonNode usageBefore = usage();
    assertThat(reportBefore.path("totals").path("coreHoursNet").decimalValue())
        .isEqualByComparingTo("6");
    assertThat(events(a)).isPositive();
    assertThat(count("select count(*) from notices where sandbox_id = '" + b + "'"))
        .as("the expiry warning of b")
        .isPositive();

    // a month on, a sandbox that ends now is within its retention
    moveTo("2026-12-05T08:00:00Z");
    c = fixtures.sandbox(alice, STARTER.formatted("PT8H", "c"));
    fixtures.awaitState(alice, c, "READY");
    assertThat(alice.delete("/api/v1/sandboxes/" + c).status()).isEqualTo(202);
    fixtures.awaitState(alice, c, "DELETED");
    assertThat(name(a)).isEqualTo("thesis-alice"); // 25 days after its end: kept
    long ledgerRows = count("select count(*) from quota_ledger");

    moveTo("2026-12-11T08:00:00Z");
    Eventually.await(
        "a and b to be purged by the sweep",
        Duration.ofSeconds(20),
        () -> count("select count(*) from sandboxes where purged_at is not null"),
        purged -> purged == 2);

    for (String id : new String[] {a, b}) {
      Api.Response details = alice.get("/api/v1/sandboxes/" + id);
      assertThat(details.status()).isEqualTo(200);
      assertThat(details.text("name")).isEqualTo(SandboxRetention.PURGED_NAME);
      assertThat(details.text("state")).isEqualTo("DELETED");
      assertThat(details.json().path("events")).isEmpty();
      assertThat(events(id)).isZero();
      assertThat(count("select count(*) from notices where sandbox_id = '" + id + "'")).isZero();
    }
    assertThat(name(c)).isEqualTo("c");
    assertThat(events(c)).isPositive();

    // the ledger is untouched; the month's usage and report say exactly what they said
    assertThat(count("select count(*) from quota_ledger")).isEqualTo(ledgerRows);
    assertThat(usage()).isEqualTo(usageBefore);
    JsonNode reportAfter = report();
    assertThat(reportAfter.path("totals")).isEqualTo(reportBefore.path("totals"));
    assertThat(withoutNames(reportAfter)).isEqualTo(withoutNames(reportBefore));
    assertThat(reportAfter.path("rows").findValuesAsString("name"))
        .containsOnly(SandboxRetention.PURGED_NAME);
  }

  @Test
  @Order(2)
  void aRunningSandboxIsNeverPurgedHoweverOld() {
    String live = fixtures.sandbox(alice, STARTER.formatted("PT8H", "live"));
    fixtures.awaitState(alice, live, "READY");
    int purged =
        new SandboxRetention(app.jdbi(), Duration.ofDays(1))
            .apply(clock.instant().plus(Duration.ofDays(3650)));
    assertThat(purged).as("c alone, never " + live).isEqualTo(1);
    assertThat(name(c)).isEqualTo(SandboxRetention.PURGED_NAME);
    assertThat(name(live)).isEqualTo("live");
    assertThat(events(live)).isPositive();
    assertThat(alice.get("/api/v1/sandboxes/" + live).text("state")).isEqualTo("READY");
  }

  private static void moveTo(String instant) {
    clock.advance(Duration.between(clock.instant(), Instant.parse(instant)));
  }

  private static JsonNode report() {
    Api.Response response = admin.get("/api/v1/institutions/ubs/report?period=2026-11");
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  private static JsonNode usage() {
    Api.Response response = alice.get("/api/v1/institutions/ubs/usage?period=2026-11");
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().path("budget");
  }

  /** The report's rows by sandbox id, without the names. */
  private static Map<String, JsonNode> withoutNames(JsonNode report) {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    for (JsonNode row : report.path("rows")) {
      ObjectNode copy = (ObjectNode) row.deepCopy();
      copy.remove("name");
      rows.put(row.path("sandbox").asString(), copy);
    }
    assertThat(rows).containsKeys(a, b);
    return rows;
  }

  private static long events(String id) {
    return count("select count(*) from sandbox_events where sandbox_id = '" + id + "'");
  }

  private static String name(String id) {
    return app.jdbi()
        .withHandle(
            h ->
                h.createQuery("select name from sandboxes where id = cast(:id as uuid)")
                    .bind("id", id)
                    .mapTo(String.class)
                    .one());
  }

  private static long count(String sql) {
    return app.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
  }
}
