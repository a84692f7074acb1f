package bzh.estran.quota;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Admissions decide after writing (the institution's lock is taken last): after a storm of
 * simultaneous creations and deletions, every limit held, what is held equals what the sandboxes
 * and the ledger say, and a refused creation left nothing (no row, no ledger entry, no event, no
 * notice) while its audit entry is there.
 */
class QuotaStormApiTest {

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api admin;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(Map.of("ESTRAN_DATABASE_POOL_SIZE", "20", "ESTRAN_SWEEP_INTERVAL", "PT0.5S"));
    fixtures = new Fixtures(app);
    admin = app.admin();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void afterAStormWhatIsHeldEqualsTheLedgerAndRefusalsLeftNothing() throws Exception {
    String slug = "storm";
    fixtures.institution(slug);
    fixtures.quota(slug, 30, 1000, 1000, 1000, 4, 150); // 75 starter sandboxes of PT2H at most
    List<Api> members = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      members.add(fixtures.member(slug, "m" + i + "@" + slug + ".example", "member"));
    }
    List<String> first = new ArrayList<>();
    for (Api member : members) {
      first.add(fixtures.sandbox(member, "{\"template\":\"starter\",\"duration\":\"PT2H\"}"));
    }

    double repairedBefore = repairedTotals(); // the other test repairs one on purpose
    List<Api.Response> answers =
        QuotaAdmissionApiTest.simultaneously(
            96,
            i ->
                i % 8 == 0 && i / 8 < first.size()
                    ? members.get(i / 8).delete("/api/v1/sandboxes/" + first.get(i / 8))
                    : members
                        .get(i % members.size())
                        .post(
                            "/api/v1/sandboxes",
                            "{\"template\":\"starter\",\"duration\":\"PT2H\"}"));

    int creates = 0;
    int admitted = 0;
    for (int i = 0; i < answers.size(); i++) {
      Api.Response answer = answers.get(i);
      if (i % 8 == 0 && i / 8 < first.size()) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        continue;
      }
      creates++;
      assertThat(answer.status()).as(answer.toString()).isIn(202, 409);
      if (answer.status() == 202) {
        admitted++;
      } else {
        assertThat(answer.json().path("error").path("details").path("limit").asString())
            .isIn("maxSandboxes", "sandboxesPerUser", "coreHours");
      }
    }
    assertThat(admitted).isPositive();
    assertThat(admitted).isLessThan(creates); // the storm met the limits

    String ofSlug = " join institutions i on i.id = s.institution_id where i.slug = 'storm'";
    // Only admitted sandboxes exist, each with its one reservation and its REQUESTED event.
    assertThat(count("select count(*) from sandboxes s" + ofSlug)).isEqualTo(12 + admitted);
    assertThat(
            count(
                "select count(*) from quota_ledger l join sandboxes s on s.id = l.sandbox_id"
                    + ofSlug
                    + " and l.kind = 'RESERVE'"))
        .isEqualTo(12 + admitted);
    assertThat(
            count(
                "select count(*) from sandbox_events e join sandboxes s on s.id = e.sandbox_id"
                    + ofSlug
                    + " and e.type = 'REQUESTED'"))
        .isEqualTo(12 + admitted);
    assertThat(
            count(
                "select count(*) from notices n where not exists"
                    + " (select 1 from sandboxes s where s.id = n.sandbox_id)"))
        .isZero();
    // Every request has its audit entry, refused ones included (those name no institution).
    assertThat(
            count(
                "select count(*) from audit_log a where a.actor_email like '%@storm.example'"
                    + " and a.action = 'POST /api/v1/sandboxes'"))
        .isEqualTo(12 + creates);

    // Deletions finish (DELETING to DELETED), so that what follows reads one stable picture.
    Eventually.await(
        "the storm's deletions to finish",
        () ->
            count("select count(*) from sandboxes s" + ofSlug + " and s.state = 'DELETING'") == 0);
    // No limit overshot: live sandboxes, per user, core-hours.
    int live =
        count(
            "select count(*) from sandboxes s"
                + ofSlug
                + " and s.state in ('PROVISIONING', 'READY', 'DELETING')");
    assertThat(live).isLessThanOrEqualTo(30);
    assertThat(
            count(
                "select coalesce(max(n), 0) from (select count(*) as n from sandboxes s"
                    + ofSlug
                    + " and s.state in ('PROVISIONING', 'READY', 'DELETING') group by s.owner_id) t"))
        .isLessThanOrEqualTo(4);
    BigDecimal ledgerHours =
        app.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select coalesce(sum(core_minutes), 0) / 60 from quota_ledger l"
                                + " join institutions i on i.id = l.institution_id where i.slug = 'storm'")
                        .mapTo(BigDecimal.class)
                        .one());
    assertThat(ledgerHours).isLessThanOrEqualTo(new BigDecimal("150"));

    // The running totals admissions read are what the ledger says, and the sweeps, which ran
    // through the storm, never found one wrong.
    assertThat(totalsDisagreeingWithTheLedger()).isZero();
    assertThat(repairedTotals()).isEqualTo(repairedBefore);

    // What the usage shows is what the sandboxes and the ledger say.
    JsonNode usage = admin.get("/api/v1/institutions/" + slug + "/usage").json();
    assertThat(usage.path("inUse").path("sandboxes").asInt()).isEqualTo(live);
    assertThat(usage.path("budget").path("coreHours").path("net").decimalValue())
        .isEqualByComparingTo(ledgerHours);
  }

  @Test
  void aRunningTotalChangedByHandIsSetFromTheLedgerAndCounted() {
    String slug = "drift";
    fixtures.institution(slug);
    fixtures.quota(slug, 100, 1000, 1000, 1000, 100, 5); // 2 starter sandboxes of PT2H
    Api member = fixtures.member(slug, "d@" + slug + ".example", "member");
    fixtures.sandbox(member, "{\"template\":\"starter\",\"duration\":\"PT2H\"}");
    double before = repairedTotals();
    int changed =
        app.jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            "update quota_period_totals set core_minutes = core_minutes - 120"
                                + " where scope_id = (select id from institutions where slug = 'drift')")
                        .execute());
    assertThat(changed).isEqualTo(1);

    Eventually.await(
        "the drifted total to be repaired", () -> totalsDisagreeingWithTheLedger() == 0);
    assertThat(repairedTotals()).isGreaterThanOrEqualTo(before + 1);
    // Admissions read the repaired total: 2 h booked of 5, so one more fits and a third does not.
    assertThat(
            member
                .post("/api/v1/sandboxes", "{\"template\":\"starter\",\"duration\":\"PT2H\"}")
                .status())
        .isEqualTo(202);
    Api.Response refused =
        member.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"duration\":\"PT2H\"}");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.json().path("error").path("details").path("limit").asString())
        .isEqualTo("coreHours");
  }

  /** Totals of (institution or cohort, period) that differ from the ledger's sums, either way. */
  private static int totalsDisagreeingWithTheLedger() {
    return count(
        "with truth as (select scope_id, period, sum(core_minutes) as core_minutes from ("
            + " select institution_id as scope_id, period, core_minutes from quota_ledger"
            + " union all select cohort_id, period, core_minutes from quota_ledger"
            + " where cohort_id is not null) e group by scope_id, period)"
            + " select count(*) from truth full join quota_period_totals t"
            + " on t.scope_id = truth.scope_id and t.period = truth.period"
            + " where t.core_minutes is distinct from truth.core_minutes");
  }

  private static double repairedTotals() {
    return app.admin()
        .get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith("estran_quota_totals_repaired_total"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }

  private static int count(String sql) {
    return app.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
  }
}
