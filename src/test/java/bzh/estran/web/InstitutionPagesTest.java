package bzh.estran.web;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.PageTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An institution admin's path in a real Chromium: usage against each limit and the month's
 * core-hours as pictures with their numbers, the monthly report as CSV, members and roles (change a
 * role, remove after a confirmation). And what a member of the institution, or of another, may not
 * open: 403 and 404 pages, and no such areas in their navigation.
 */
class InstitutionPagesTest extends PageTest {

  private Api admin;
  private Api member;
  private Api other;

  @BeforeAll
  void people() {
    fixtures.institution("ubs");
    fixtures.quota("ubs", 10, 40, 80, 200, 3, 500);
    fixtures.institution("enssat");
    admin = fixtures.member("ubs", "direction@univ-ubs.fr", "institution-admin");
    member = fixtures.member("ubs", "marc@univ-ubs.fr", "member");
    other = fixtures.member("enssat", "eve@enssat.fr", "institution-admin");
    // Admitted, it holds its share of the quota and its core-hours at once, ready or not.
    fixtures.sandbox(member, "{\"template\":\"starter\",\"duration\":\"PT4H\"}");
  }

  @Test
  void readsUsageAsPicturesDownloadsTheReportAndManagesMembers() throws Exception {
    signInWithToken(admin.token());
    browser.awaitText("nav", "Établissement");
    assertThat(browser.text("nav")).contains("Journal d'audit").doesNotContain("Administration");
    browser.follow("nav a[href='/institutions/ubs']");
    assertThat(browser.text("[data-limit='maxSandboxes'] .bar-text")).isEqualTo("1 sur 10 (10 %)");
    assertThat(browser.text("[data-limit='coreHours'] .bar-text")).startsWith("4 sur 500");
    assertThat(browser.find("svg#curve polyline").getAttribute("points")).isNotBlank();
    assertThat(browser.text("#budget-text")).startsWith("4 heures-cœur utilisées sur 500");
    checkAndCapture("institution-usage");
    browser.phone(true);
    browser.screenshot("institution-usage-phone-fr");
    browser.phone(false);

    browser.find("#download-report").click();
    Path report = browser.awaitDownload(".csv");
    String csv = Files.readString(report);
    assertThat(report.getFileName().toString()).startsWith("estran-ubs-");
    assertThat(csv.lines().findFirst().orElseThrow()).contains("coreHoursNet");
    assertThat(csv).contains("marc@univ-ubs.fr");

    browser.go("/institutions/ubs/members");
    checkAndCapture("members");
    String row = "tr[data-user='marc@univ-ubs.fr'] ";
    new org.openqa.selenium.support.ui.Select(browser.find(row + "select"))
        .selectByValue("cohort-manager");
    browser.submit(row + "button");
    assertThat(browser.text(".notice")).isEqualTo("Le rôle est changé.");
    assertThat(admin.get("/api/v1/institutions/ubs/members").body())
        .contains("\"role\":\"cohort-manager\"");

    browser.follow(row + "a.danger");
    assertThat(browser.text("h1")).isEqualTo("Retirer marc@univ-ubs.fr ?");
    checkAndCapture("member-remove");
    browser.submit("#confirm-remove");
    assertThat(browser.text(".notice")).startsWith("Le membre est retiré");
    assertThat(browser.findAll("tr[data-user='marc@univ-ubs.fr']")).isEmpty();
    assertThat(member.get("/api/v1/me").status()).isEqualTo(401);
  }

  @Test
  void addsAMemberUnderTheEnrolmentRuleWithEachRefusalNextToItsField() {
    signInWithToken(admin.token());
    browser.go("/institutions/ubs/members");
    browser.submit("#add-member button");
    assertThat(browser.text("#email-error")).isEqualTo("est obligatoire");
    assertThat(browser.find("#email").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.text("#errors")).contains("Adresse électronique");

    browser.type("email", "pas-une-adresse");
    browser.submit("#add-member button");
    assertThat(browser.text("#email-error")).isEqualTo("doit être une adresse électronique");
    assertThat(browser.find("#email").getAttribute("value")).isEqualTo("pas-une-adresse");

    // someone of another institution: only a platform admin may add them (docs/access.md)
    browser.type("email", "eve@enssat.fr");
    new org.openqa.selenium.support.ui.Select(browser.find("#role"))
        .selectByValue("cohort-manager");
    browser.submit("#add-member button");
    assertThat(browser.text("#email-error"))
        .startsWith("eve@enssat.fr a déjà un compte Estran hors de ubs");
    assertThat(browser.find("#email").getAttribute("value")).isEqualTo("eve@enssat.fr");
    assertThat(
            new org.openqa.selenium.support.ui.Select(browser.find("#role"))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("cohort-manager");
    assertThat(other.get("/api/v1/me").body()).doesNotContain("\"ubs\"");
    browser.assertAccessible();
    browser.screenshot("member-add-refused-fr");

    browser.type("email", "nouveau@univ-ubs.fr"); // the role chosen before is still chosen
    browser.submit("#add-member button");
    assertThat(browser.text(".notice")).isEqualTo("nouveau@univ-ubs.fr est ajouté.");
    assertThat(browser.find("tr[data-user='nouveau@univ-ubs.fr'] select").getAttribute("value"))
        .isEqualTo("cohort-manager");
    assertThat(admin.get("/api/v1/institutions/ubs/members").body())
        .contains("nouveau@univ-ubs.fr");

    browser.type("email", "nouveau@univ-ubs.fr");
    browser.submit("#add-member button");
    assertThat(browser.text("#email-error"))
        .isEqualTo("nouveau@univ-ubs.fr est déjà membre de ubs.");

    language("en");
    browser.go("/institutions/ubs/members");
    browser.type("email", "nouveau@univ-ubs.fr");
    browser.submit("#add-member button");
    assertThat(browser.text("#email-error"))
        .isEqualTo("nouveau@univ-ubs.fr is already a member of ubs.");
    browser.screenshot("member-add-refused-en");
    language("fr");
  }

  @Test
  void aMemberAndAnotherInstitutionsAdminGetRefusalPagesAndSeeNoSuchAreas() {
    Api reader = fixtures.member("ubs", "lea@univ-ubs.fr", "member");
    signInWithToken(reader.token());
    browser.awaitText("nav", "Rejoindre");
    assertThat(browser.text("nav"))
        .doesNotContain("Établissement", "Journal d'audit", "Administration", "Mes cohortes");
    browser.go("/institutions/ubs/members");
    assertThat(browser.text("h1")).isEqualTo("Vous n'avez pas le droit de faire cela.");
    browser.go("/institutions/ubs/report.csv");
    assertThat(browser.text("h1")).isEqualTo("Vous n'avez pas le droit de faire cela.");
    browser.go("/audit");
    assertThat(browser.text("h1")).isEqualTo("Vous n'avez pas le droit de faire cela.");
    browser.go("/admin/institutions");
    assertThat(browser.text("h1")).isEqualTo("Vous n'avez pas le droit de faire cela.");
    browser.go("/institutions/enssat");
    assertThat(browser.text("h1"))
        .isEqualTo("Cette page n'existe pas, ou vous n'y avez pas accès.");

    browser.go("/signin");
    browser.forgetCookies();
    signInWithToken(other.token());
    browser.awaitText("nav", "Établissement");
    for (String path :
        new String[] {
          "/institutions/ubs", "/institutions/ubs/members", "/institutions/ubs/report.csv"
        }) {
      browser.go(path);
      assertThat(browser.text("h1"))
          .as(path)
          .isEqualTo("Cette page n'existe pas, ou vous n'y avez pas accès.");
    }
    browser.assertAccessible();
    browser.screenshot("not-found-fr");
  }
}
