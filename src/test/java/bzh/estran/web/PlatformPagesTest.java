package bzh.estran.web;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.PageTest;
import bzh.estran.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A platform admin's path in a real Chromium: institutions (list, create; a refused form keeps its
 * values and names the field), a quota edited (refused, then saved), templates, chargeback (CSV),
 * and the audit log filtered, where the page's own forms appear next to the API's calls.
 */
class PlatformPagesTest extends PageTest {

  @Test
  void createsAnInstitutionEditsItsQuotaAndReadsTheAuditLogAndChargeback() throws Exception {
    signInWithToken(TestApp.ADMIN_TOKEN);
    browser.awaitText("nav", "Administration");
    browser.follow("nav a[href='/admin']");
    checkAndCapture("admin");
    browser.follow("a[href='/admin/institutions']");

    browser.type("slug", "Pas Bon!").type("name", "Ville de Vannes");
    new org.openqa.selenium.support.ui.Select(browser.find("#kind")).selectByValue("public-body");
    browser.submit("#create-institution");
    assertThat(browser.find("#slug").getAttribute("value")).isEqualTo("Pas Bon!");
    assertThat(browser.find("#name").getAttribute("value")).isEqualTo("Ville de Vannes");
    assertThat(browser.find("#kind option:checked").getAttribute("value")).isEqualTo("public-body");
    assertThat(browser.find("#slug").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.text("#slug-error")).isNotBlank();
    browser.assertAccessible();
    browser.screenshot("admin-institutions-refused-fr");

    browser.find("#slug").clear();
    browser.type("slug", "vannes");
    browser.submit("#create-institution");
    assertThat(browser.text(".notice")).isEqualTo("L'établissement vannes est créé.");
    assertThat(browser.text("#institutions")).contains("Ville de Vannes");
    checkAndCapture("admin-institutions");

    browser.follow("a[href='/admin/institutions/vannes/quota']");
    checkAndCapture("quota");
    browser.find("#cpu").clear();
    browser.type("cpu", "beaucoup");
    browser.find("#coreHoursPerMonth").clear();
    browser.type("coreHoursPerMonth", "-5");
    browser.submit("#save-quota");
    assertThat(browser.find("#cpu").getAttribute("value")).isEqualTo("beaucoup");
    assertThat(browser.find("#cpu").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.text("#cpu-error")).isEqualTo("doit être un nombre (par exemple 12,5)");
    assertThat(browser.text("#errors")).contains("Processeur (cœurs)", "Heures-cœur par mois");
    assertThat(browser.text("#coreHoursPerMonth-error")).startsWith("doit être un nombre de 0 à");
    browser.assertAccessible();
    browser.screenshot("quota-refused-fr");

    browser.find("#cpu").clear();
    browser.type("cpu", "12,5");
    browser.find("#coreHoursPerMonth").clear();
    browser.type("coreHoursPerMonth", "900");
    browser.submit("#save-quota");
    assertThat(browser.text(".notice")).isEqualTo("Le quota de vannes est enregistré.");
    String quota = app.admin().get("/api/v1/institutions/vannes/quota").body();
    assertThat(quota).contains("\"cpu\":12.5").contains("\"coreHoursPerMonth\":900");

    browser.go("/institutions/vannes");
    assertThat(browser.text("[data-limit='cpu'] .bar-text")).isEqualTo("0 sur 12,5 (0 %)");

    browser.go("/admin/templates");
    assertThat(browser.text("#templates")).contains("starter");
    checkAndCapture("templates");

    browser.go("/admin/chargeback");
    assertThat(browser.text("#chargeback")).contains("Ville de Vannes");
    checkAndCapture("chargeback");
    browser.find("#chargeback-csv").click();
    Path csv = browser.awaitDownload(".csv");
    assertThat(Files.readString(csv)).contains("vannes");

    browser.go("/audit");
    browser.type("action", "quota").type("institution", "vannes");
    browser.submit("#filter");
    assertThat(browser.text("#audit"))
        .contains("POST /admin/institutions/{slug}/quota")
        .contains("slug=vannes")
        .contains("400")
        .contains("303");
    checkAndCapture("audit");
  }

  @Test
  void theAuditLogPagesThroughMoreThanOnePageKeepingItsFilters() {
    app.clock().advance(java.time.Duration.ofMinutes(2)); // the admin's allowance is full again
    fixtures.institution("paging");
    for (int i = 0; i < 55; i++) {
      fixtures.quota("paging", 10 + i, 10, 10, 10, 2, 100);
    }
    signInWithToken(TestApp.ADMIN_TOKEN);
    browser.go("/audit?action=quota&institution=paging");
    assertThat(browser.findAll("#audit tbody tr")).hasSize(50);
    String next = browser.find("#next-page").getAttribute("href");
    assertThat(next).contains("before=").contains("action=quota").contains("institution=paging");

    browser.follow("#next-page");
    // 56 changes of its quota (the one made with the institution, and 55): none twice, none left
    assertThat(browser.findAll("#audit tbody tr")).hasSize(6);
    assertThat(browser.text("#audit")).contains("PUT /api/v1/institutions/{slug}/quota");
    assertThat(browser.findAll("#next-page")).isEmpty();
    assertThat(browser.find("#action").getAttribute("value")).isEqualTo("quota");
    browser.assertAccessible();
  }
}
