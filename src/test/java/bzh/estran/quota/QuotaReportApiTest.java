package bzh.estran.quota;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.MutableClock;
import bzh.estran.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A month with early deletes, extensions, an expiry and a failure, on a clock the test sets; the
 * report's figures are checked against values computed by hand.
 *
 * <pre>
 * A  starter  (1 CPU, 2 GiB, 5 GiB)  08:00 for PT8H  -> reserve 8 h;  deleted 10:30 -> refund 5.5 h; net 2.5 h
 * B  data-lab (2 CPU, 8 GiB, 20 GiB) 08:00 for PT4H  -> reserve 8 h;  extended PT2H at 09:00 -> +4 h;
 *                                                      expires 14:00 -> net 12 h (6 h of life)
 * C  starter                          10:30 for PT1H  -> reserve 1 h;  extended PT30M at 10:45 -> +0.5 h,
 *                                                      now expires 12:00; deleted 11:00:30 -> 59 whole minutes
 *                                                      unused -> refund 59/60 h; net 31 minutes = 0.5167 h
 * D  web-app  (2 CPU)                 11:00 for PT8H  -> provisioning fails -> everything refunded; net 0
 * </pre>
 */
class QuotaReportApiTest {

  private static final Instant START = Instant.parse("2026-11-10T08:00:00Z");

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api alice;
  private static Api ubsAdmin;
  private static String a;
  private static String b;
  private static String c;
  private static String d;

  @BeforeAll
  static void aMonthOfWork() {
    MutableClock clock = MutableClock.fixedAt(START);
    app = TestApp.start(Map.of("ESTRAN_PROVISIONING_ATTEMPTS", "2"), clock);
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    fixtures.institution("imt");
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
    ubsAdmin = fixtures.member("ubs", "admin@univ-ubs.fr", "institution-admin");
    Api mallory = fixtures.member("imt", "mallory@imt-atlantique.fr", "member");

    a = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT8H\",\"name\":\"a\"}");
    b = fixtures.sandbox(alice, "{\"template\":\"data-lab\",\"duration\":\"PT4H\",\"name\":\"b\"}");
    fixtures.sandbox(mallory, "{\"template\":\"starter\",\"duration\":\"PT2H\"}");
    fixtures.awaitState(alice, a, "READY");
    fixtures.awaitState(alice, b, "READY");

    clock.advance(Duration.ofHours(1)); // 09:00
    assertThat(alice.post("/api/v1/sandboxes/" + b + "/extend", "{\"duration\":\"PT2H\"}").status())
        .isEqualTo(200);

    clock.advance(Duration.ofMinutes(90)); // 10:30
    assertThat(alice.delete("/api/v1/sandboxes/" + a).status()).isEqualTo(202);
    c = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT1H\",\"name\":\"c\"}");
    fixtures.awaitState(alice, c, "READY");

    clock.advance(Duration.ofMinutes(15)); // 10:45
    assertThat(
            alice.post("/api/v1/sandboxes/" + c + "/extend", "{\"duration\":\"PT30M\"}").status())
        .isEqualTo(200);

    clock.advance(Duration.ofSeconds(15 * 60 + 30)); // 11:00:30
    assertThat(alice.delete("/api/v1/sandboxes/" + c).status()).isEqualTo(202);

    app.faults().failAlways("POST", "/resourcequotas", 403);
    d = fixtures.sandbox(alice, "{\"template\":\"web-app\",\"duration\":\"PT8H\",\"name\":\"d\"}");
    fixtures.awaitState(alice, d, "FAILED");
    app.faults().clear();

    clock.advance(Duration.ofHours(3)); // 14:00:30, B has expired
    fixtures.awaitState(alice, b, "DELETED");
    fixtures.awaitState(alice, a, "DELETED");
    fixtures.awaitState(alice, c, "DELETED");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void eachSandboxIsReportedWithItsHandComputedFigures() {
    Api.Response response = ubsAdmin.get("/api/v1/institutions/ubs/report?period=2026-11");
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode report = response.json();
    assertThat(report.path("institution").asString()).isEqualTo("ubs");
    assertThat(report.path("period").asString()).isEqualTo("2026-11");
    assertThat(report.path("timeZone").asString()).isEqualTo("Europe/Paris");
    assertThat(report.path("rows")).hasSize(4);

    assertRow(report, a, "8", "5.5", "2.5", "5", "12.5");
    assertRow(report, b, "12", "0", "12", "48", "120");
    assertRow(report, c, "1.5", "0.9833", "0.5167", "1.0333", "2.5833");
    assertRow(report, d, "16", "16", "0", "0", "0");

    JsonNode totals = report.path("totals");
    assertThat(totals.path("sandboxes").asInt()).isEqualTo(4);
    assertThat(totals.path("coreHoursReserved").decimalValue()).isEqualByComparingTo("37.5");
    assertThat(totals.path("coreHoursRefunded").decimalValue()).isEqualByComparingTo("22.4833");
    assertThat(totals.path("coreHoursNet").decimalValue()).isEqualByComparingTo("15.0167");
    assertThat(totals.path("memoryGiBHours").decimalValue()).isEqualByComparingTo("54.0333");
    assertThat(totals.path("storageGiBHours").decimalValue()).isEqualByComparingTo("135.0833");
  }

  @Test
  void usageAgreesWithTheReportAndNothingIsLiveAnyMore() {
    JsonNode usage = alice.get("/api/v1/institutions/ubs/usage?period=2026-11").json();
    assertThat(usage.path("inUse").path("sandboxes").asInt()).isZero();
    JsonNode coreHours = usage.path("budget").path("coreHours");
    assertThat(coreHours.path("reserved").decimalValue()).isEqualByComparingTo("37.5");
    assertThat(coreHours.path("refunded").decimalValue()).isEqualByComparingTo("22.4833");
    assertThat(coreHours.path("net").decimalValue()).isEqualByComparingTo("15.0167");
    assertThat(coreHours.path("remaining").decimalValue()).isEqualByComparingTo("9999984.9833");
    assertThat(
            alice
                .get("/api/v1/institutions/ubs/usage?period=2026-12")
                .json()
                .path("budget")
                .path("coreHours")
                .path("net")
                .decimalValue())
        .isEqualByComparingTo("0");
  }

  @Test
  void theReportComesAsCsvToo() {
    Api.Response csv = ubsAdmin.get("/api/v1/institutions/ubs/report?period=2026-11&format=csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    String[] lines = csv.body().split("\n");
    assertThat(lines).hasSize(5);
    assertThat(lines[0])
        .isEqualTo(
            "sandbox,name,owner,template,cohort,state,createdAt,endedAt,cpu,memoryGiB,storageGiB,"
                + "coreHoursReserved,coreHoursRefunded,coreHoursNet,memoryGiBHours,storageGiBHours");
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith(d + ",d,alice@univ-ubs.fr,web-app,,FAILED,")
                    .endsWith(",2,4,10,16,16,0,0,0"));
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith(c + ",c,alice@univ-ubs.fr,starter,,DELETED,2026-11-10T10:30:00Z,")
                    .endsWith(",1,2,5,1.5,0.9833,0.5167,1.0333,2.5833"));
    assertThat(ubsAdmin.get("/api/v1/institutions/ubs/report?format=xml").status()).isEqualTo(400);
    assertThat(ubsAdmin.get("/api/v1/institutions/ubs/report?period=November").status())
        .isEqualTo(400);
  }

  @Test
  void reportsAreForAdminsOnlyAndChargebackForPlatformAdmins() {
    assertThat(alice.get("/api/v1/institutions/ubs/report?period=2026-11").status()).isEqualTo(403);
    assertThat(ubsAdmin.get("/api/v1/institutions/imt/report?period=2026-11").status())
        .isEqualTo(404);
    assertThat(ubsAdmin.get("/api/v1/reports/chargeback?period=2026-11").status()).isEqualTo(403);

    JsonNode chargeback = app.admin().get("/api/v1/reports/chargeback?period=2026-11").json();
    JsonNode ubs = null;
    JsonNode imt = null;
    for (JsonNode row : chargeback.path("rows")) {
      if (row.path("institution").asString().equals("ubs")) {
        ubs = row;
      } else if (row.path("institution").asString().equals("imt")) {
        imt = row;
      }
    }
    assertThat(ubs).isNotNull();
    assertThat(ubs.path("sandboxes").asInt()).isEqualTo(4);
    assertThat(ubs.path("coreHoursNet").decimalValue()).isEqualByComparingTo("15.0167");
    assertThat(ubs.path("memoryGiBHours").decimalValue()).isEqualByComparingTo("54.0333");
    assertThat(imt.path("coreHoursNet").decimalValue())
        .as("mallory's PT2H starter")
        .isEqualByComparingTo("2");
    assertThat(
            ubs.path("shareOfCoreHours")
                .decimalValue()
                .add(imt.path("shareOfCoreHours").decimalValue()))
        .isEqualByComparingTo("1");
    Api.Response csv = app.admin().get("/api/v1/reports/chargeback?period=2026-11&format=csv");
    assertThat(csv.body().split("\n")[0]).startsWith("institution,name,sandboxes,coreHoursGranted");
  }

  private static void assertRow(
      JsonNode report,
      String id,
      String reserved,
      String refunded,
      String net,
      String memoryGiBHours,
      String storageGiBHours) {
    JsonNode row = null;
    for (JsonNode candidate : report.path("rows")) {
      if (candidate.path("sandbox").asString().equals(id)) {
        row = candidate;
      }
    }
    assertThat(row).as("row of " + id).isNotNull();
    assertThat(row.path("coreHoursReserved").decimalValue())
        .as("reserved " + id)
        .isEqualByComparingTo(reserved);
    assertThat(row.path("coreHoursRefunded").decimalValue())
        .as("refunded " + id)
        .isEqualByComparingTo(refunded);
    assertThat(row.path("coreHoursNet").decimalValue()).as("net " + id).isEqualByComparingTo(net);
    assertThat(row.path("memoryGiBHours").decimalValue())
        .as("memory " + id)
        .isEqualByComparingTo(memoryGiBHours);
    assertThat(row.path("storageGiBHours").decimalValue())
        .as("storage " + id)
        .isEqualByComparingTo(storageGiBHours);
  }
}
