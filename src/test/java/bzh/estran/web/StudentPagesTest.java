package bzh.estran.web;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.PageTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A student's path through the pages in a real Chromium: sign in, request a sandbox and watch it
 * become ready, download its kubeconfig, join a cohort with a code; a refused form keeps what was
 * typed and says what is wrong next to the field. Each page is checked with axe-core and
 * photographed in French and English.
 */
class StudentPagesTest extends PageTest {

  private Api student;

  @BeforeAll
  void institution() {
    fixtures.institution("ubs");
    student = fixtures.member("ubs", "alice@etu.univ-ubs.fr", "member");
  }

  @Test
  void signsInWithATokenRequestsASandboxSeesItReadyAndDownloadsItsKubeconfig() throws Exception {
    signInWithToken(student.token());
    browser.awaitPath("/sandboxes");
    checkAndCapture("sandboxes-empty");

    browser.follow("a[href='/sandboxes/new']");
    checkAndCapture("request");
    browser.type("duration", "3h").type("name", "tp-kube");
    browser.submit("form[action='/sandboxes'] button[type=submit]");

    browser.awaitPathStartingWith("/sandboxes/");
    // the simulated cluster is quick, but a busy machine may take a while to provision
    // the page reloads itself when the state changes: the kubeconfig link is on the new page
    browser.awaitText("#kubeconfig", "kubeconfig", java.time.Duration.ofSeconds(120));
    assertThat(browser.text("#state")).isEqualTo("Prêt");
    assertThat(browser.text("#time-left")).matches("[23] h \\d+ min");
    checkAndCapture("sandbox");

    browser.find("#kubeconfig").click();
    Path kubeconfig = browser.awaitDownload(".yaml");
    String yaml = Files.readString(kubeconfig);
    assertThat(kubeconfig.getFileName().toString()).startsWith("kubeconfig-sbx-");
    assertThat(yaml).contains("kind: \"Config\"").contains("namespace: \"sbx-");
    assertThat(browser.text("#command-2")).startsWith("kubectl get all --namespace sbx-");
    // what the template made is the student's; the quota and isolation are not
    assertThat(browser.text("#yours")).contains("est à vous").contains("remis en place");

    browser.go("/sandboxes");
    browser.awaitText("td", "Prêt");
    checkAndCapture("sandboxes");
    browser.phone(true);
    browser.assertFitsWidth();
    browser.screenshot("sandboxes-phone-fr");
    browser.follow("table a[href^='/sandboxes/']");
    browser.assertFitsWidth(); // the commands wrap instead of widening the page
    browser.screenshot("sandbox-phone-fr");
    browser.phone(false);
  }

  @Test
  void aRefusedRequestKeepsWhatWasTypedAndShowsTheErrorNextToTheField() {
    signInWithToken(student.token());
    browser.go("/sandboxes/new");
    browser.type("duration", "30d").type("name", "mon-tp");
    browser.submit("form[action='/sandboxes'] button[type=submit]");

    assertThat(browser.find("#duration").getAttribute("value")).isEqualTo("30d");
    assertThat(browser.find("#name").getAttribute("value")).isEqualTo("mon-tp");
    assertThat(browser.find("#duration").getAttribute("aria-invalid")).isEqualTo("true");
    // the service's sentence, in the page's language, with its duration in words
    assertThat(browser.text("#duration-error"))
        .startsWith("ne doit pas dépasser ")
        .contains("le maximum du modèle")
        .doesNotContain("must")
        .doesNotContain("P1D", "PT");
    assertThat(browser.text("#errors")).contains("Durée").contains("ne doit pas dépasser");
    browser.assertAccessible();
    browser.screenshot("request-refused-fr");

    language("en");
    browser.go("/sandboxes/new");
    browser.type("duration", "30d").type("name", "my-lab");
    browser.submit("form[action='/sandboxes'] button[type=submit]");
    assertThat(browser.find("#name").getAttribute("value")).isEqualTo("my-lab");
    assertThat(browser.text("#errors")).contains("Duration");
    assertThat(browser.text("#duration-error"))
        .startsWith("must not exceed ")
        .contains("the maximum of template");
    browser.assertAccessible();
    browser.screenshot("request-refused-en");
    language("fr");
  }

  @Test
  void aRequestTheQuotaRefusesSaysWhichLimitInThePagesLanguage() {
    fixtures.institution("lorient");
    fixtures.quota("lorient", 0, 100, 100, 100, 10, 1000);
    Api refused = fixtures.member("lorient", "yann@lorient.bzh", "member");
    signInWithToken(refused.token());
    browser.go("/sandboxes/new");
    browser.type("name", "quota-tp");
    browser.submit("form[action='/sandboxes'] button[type=submit]");

    browser.awaitText("#errors", "ne le permet pas");
    assertThat(browser.find("#name").getAttribute("value")).isEqualTo("quota-tp");
    assertThat(browser.text("#errors"))
        .contains("Le quota de l'établissement ne le permet pas")
        .contains("nombre de bacs à sable")
        .doesNotContain("quota does not allow");
    browser.assertAccessible();
    browser.screenshot("request-quota-fr");

    language("en");
    browser.awaitText("a[hreflang='fr']", "Français");
    browser.go("/sandboxes/new");
    browser.type("name", "quota-lab");
    browser.submit("form[action='/sandboxes'] button[type=submit]");
    browser.awaitText("#errors", "does not allow");
    assertThat(browser.text("#errors"))
        .contains("The quota of the institution does not allow this")
        .contains("number of sandboxes");
    language("fr");
  }

  @Test
  void signsInThroughTheIdentityProviderAndJoinsACohortWithItsCode() {
    Api teacher = fixtures.member("ubs", "prof@univ-ubs.fr", "cohort-manager");
    Api.Response cohort =
        teacher.post(
            "/api/v1/institutions/ubs/cohorts",
            "{\"name\":\"Cloud, groupe A\",\"startsAt\":\"2026-01-01T08:00:00Z\","
                + "\"endsAt\":\"2099-12-20T18:00:00Z\"}");
    assertThat(cohort.status()).as(cohort.toString()).isEqualTo(201);
    String code = cohort.text("joinCode");

    signInWithProvider("bob@etu.univ-ubs.fr", "Bob Le Gall");
    browser.awaitPath("/sandboxes");
    assertThat(browser.text(".who")).isEqualTo("bob@etu.univ-ubs.fr");

    browser.follow("a[href='/join']");
    checkAndCapture("join");
    browser.type("code", "AAAAA-BBBBB");
    browser.submit("form[action='/join'] button");
    assertThat(browser.text("#code-error"))
        .isEqualTo("Aucune cohorte n'a ce code ; demandez le code actuel.");
    assertThat(browser.find("#code").getAttribute("value")).isEqualTo("AAAAA-BBBBB");
    browser.assertAccessible();

    browser.type("code", code.toLowerCase(java.util.Locale.ROOT).replace("-", " "));
    browser.submit("form[action='/join'] button");
    browser.awaitText("[role=status]", "Vous avez rejoint la cohorte Cloud, groupe A.");
    browser.go("/sandboxes/new");
    assertThat(browser.text("#cohort")).contains("Cloud, groupe A (ubs)");

    browser.go("/catalog");
    checkAndCapture("catalog");
    browser.submit("form.signout button");
    browser.awaitPath("/signin");
    browser.go("/sandboxes");
    browser.awaitPath("/signin");
  }

  @Test
  void aKeyboardUserSkipsToTheContentAndAlwaysSeesTheFocus() {
    signInWithToken(student.token());
    browser.go("/sandboxes/new");
    org.openqa.selenium.WebElement skip = browser.tab();
    assertThat(skip.getAttribute("class")).isEqualTo("skip-link");
    assertThat(skip.getText()).isEqualTo("Aller au contenu");
    assertThat(skip.getRect().getY())
        .as("the skip link shows when focused")
        .isGreaterThanOrEqualTo(0);
    skip.sendKeys(org.openqa.selenium.Keys.ENTER);
    assertThat(browser.driver().getCurrentUrl()).endsWith("#main");
    org.openqa.selenium.WebElement inMain = browser.tab();
    assertThat(
            (Boolean)
                browser
                    .driver()
                    .executeScript(
                        "return document.getElementById('main').contains(arguments[0]);", inMain))
        .as("the next Tab goes into the content, not back to the header")
        .isTrue();
    int seen = 0;
    for (org.openqa.selenium.WebElement focused = browser.tab();
        !focused.getTagName().equals("body") && seen < 8;
        focused = browser.tab()) {
      assertThat(focused.getCssValue("outline-style") + " " + focused.getCssValue("box-shadow"))
          .as("a visible focus on " + focused.getTagName() + "#" + focused.getAttribute("id"))
          .matches("(?s)(?!none none).*");
      seen++;
    }
    assertThat(seen).as("fields, buttons and links reached by Tab").isGreaterThanOrEqualTo(3);
  }

  @Test
  void signInPage() {
    browser.go("/signin");
    checkAndCapture("signin");
    browser.type("token", "estran_not-a-real-token");
    browser.submit("form[action='/signin/token'] button");
    assertThat(browser.text("#token-error")).isEqualTo("Ce jeton est inconnu, révoqué ou expiré.");
    browser.assertAccessible();
  }
}
