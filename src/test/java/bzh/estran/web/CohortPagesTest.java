package bzh.estran.web;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.PageTest;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * A cohort manager's path in a real Chromium: create a cohort (a refused form keeps what was typed
 * and names the field), see its join code, rotate it, provision the class and watch each member
 * reach ready, or be refused and why. Each page is checked with axe-core and photographed in French
 * and English.
 */
class CohortPagesTest extends PageTest {

  private Api teacher;
  private List<Api> students;

  @BeforeAll
  void people() {
    fixtures.institution("ubs");
    teacher = fixtures.member("ubs", "prof@univ-ubs.fr", "cohort-manager");
    students =
        List.of(
            fixtures.member("ubs", "alice@etu.univ-ubs.fr", "member"),
            fixtures.member("ubs", "bruno@etu.univ-ubs.fr", "member"),
            fixtures.member("ubs", "chloe@etu.univ-ubs.fr", "member"));
  }

  @Test
  void createsACohortProvisionsTheClassAndWatchesEachMemberReachReadyOrBeRefused() {
    signInWithToken(teacher.token());
    browser.awaitText("nav", "Mes cohortes");
    assertThat(browser.text("nav")).doesNotContain("Administration");
    browser.go("/cohorts");
    checkAndCapture("cohorts-empty");
    browser.follow("a[href='/cohorts/new']");
    checkAndCapture("cohort-new");

    // Refused: the end before the start; what was typed stays, the error is next to the field.
    LocalDate today = LocalDate.now();
    browser
        .type("name", "TP Kubernetes")
        .type("maxSandboxes", "2")
        .type("maxSandboxDuration", "3h");
    date("startsAt", today.plusDays(5));
    date("endsAt", today.plusDays(1));
    browser.submit("form[action='/cohorts'] button[type=submit]");
    assertThat(browser.find("#name").getAttribute("value")).isEqualTo("TP Kubernetes");
    assertThat(browser.find("#maxSandboxes").getAttribute("value")).isEqualTo("2");
    assertThat(browser.find("#endsAt").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.text("#endsAt-error")).isEqualTo("doit être après la date de début");
    assertThat(browser.text("#errors")).contains("Date de fin");
    browser.assertAccessible();
    browser.screenshot("cohort-new-refused-fr");

    date("startsAt", today);
    date("endsAt", today.plusDays(30));
    browser.submit("form[action='/cohorts'] button[type=submit]");
    browser.awaitPathStartingWith("/cohorts/");
    String cohortPath = browser.path();
    String code = browser.text("#join-code");
    assertThat(code).matches("[A-Z0-9]{5}-[A-Z0-9]{5}");

    // The class joins with the code: two sandboxes allowed by the cohort, three members.
    for (Api student : students) {
      Api.Response joined = student.post("/api/v1/join", "{\"code\":\"" + code + "\"}");
      assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
    }
    browser.go(cohortPath);
    assertThat(browser.text("#members")).contains("alice@etu.univ-ubs.fr", "chloe@etu.univ-ubs.fr");
    checkAndCapture("cohort");

    browser.submit("#rotate");
    assertThat(browser.text("#join-code")).isNotEqualTo(code).matches("[A-Z0-9]{5}-[A-Z0-9]{5}");
    assertThat(browser.text(".notice")).contains("l'ancien ne fonctionne plus");

    // Provision the class and watch the progress.
    browser.type("duration", "2h");
    browser.submit("#provision");
    browser.awaitPath(cohortPath + "/progress");
    browser.awaitText("#progress-status", "Terminé");
    List<WebElement> rows = browser.findAll("#progress tbody tr");
    assertThat(rows).hasSize(3);
    assertThat(rows.stream().map(r -> r.getAttribute("data-step")))
        .containsExactlyInAnyOrder("READY", "READY", "REFUSED");
    WebElement refused = browser.find("#progress tr[data-step='REFUSED']");
    // why, in the page's language: the cohort's limit on its number of sandboxes
    assertThat(refused.getText())
        .contains("Refusé")
        .contains("ne le permet pas")
        .contains("nombre de bacs à sable")
        .doesNotContain("quota does not allow");
    checkAndCapture("class-progress");

    browser.go(cohortPath);
    assertThat(browser.findAll("td span.state-READY")).hasSize(2);
    assertThat(browser.text("#cohort-usage")).contains("2 sur 2");
    browser.go("/cohorts");
    assertThat(browser.text("table")).contains("TP Kubernetes");
    checkAndCapture("cohorts");
  }

  @Test
  void aMemberOfTheCohortSeesNeitherItsCodeNorItsClassAndNoCohortArea() {
    Api.Response created =
        teacher.post(
            "/api/v1/institutions/ubs/cohorts",
            "{\"name\":\"Projet\",\"startsAt\":\""
                + java.time.Instant.now()
                + "\",\"endsAt\":\""
                + java.time.Instant.now().plus(java.time.Duration.ofDays(3))
                + "\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.text("id");
    Api student = fixtures.member("ubs", "dora@etu.univ-ubs.fr", "member");
    student.post("/api/v1/join", "{\"code\":\"" + created.text("joinCode") + "\"}");
    signInWithToken(student.token());
    browser.awaitText("nav", "Rejoindre");
    assertThat(browser.text("nav")).doesNotContain("Mes cohortes");
    browser.go("/cohorts/" + id);
    assertThat(browser.findAll("#join-code")).isEmpty();
    browser.go("/cohorts/" + id + "/progress");
    assertThat(browser.text("h1")).isEqualTo("Vous n'avez pas le droit de faire cela.");
    browser.go("/cohorts/" + id + "/progress.json");
    assertThat(browser.text("h1")).isEqualTo("Vous n'avez pas le droit de faire cela.");
  }

  private void date(String id, LocalDate day) {
    // a date input takes the date through script in a locale-independent way
    browser
        .driver()
        .executeScript(
            "document.getElementById(arguments[0]).value = arguments[1];", id, day.toString());
  }
}
