package bzh.estran.web;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.PageTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pages' forms are limited like the API's changes (ESTRAN_RATE_LIMIT_PER_MINUTE, here 3): a
 * visitor pasting tokens by their address, a signed-in person by their own allowance, shared with
 * their API requests. Past it, a readable 429 page in the page's language, with Retry-After.
 */
class PageRateLimitTest extends PageTest {

  private Api student;

  @Override
  protected Map<String, String> settings() {
    return Map.of("ESTRAN_RATE_LIMIT_PER_MINUTE", "3");
  }

  @BeforeAll
  void institution() {
    fixtures.institution("ubs"); // two changes of the platform admin's three a minute
    app.clock().advance(Duration.ofMinutes(1));
    student = fixtures.member("ubs", "nolwenn@etu.univ-ubs.fr", "member");
  }

  @BeforeEach
  void freshAllowances() {
    app.clock().advance(Duration.ofMinutes(2)); // every bucket is full again
  }

  @Test
  void guessingTokensOnTheSignInFormMeetsAReadableTooManyRequestsPage() {
    for (int i = 0; i < 3; i++) {
      browser.go("/signin");
      browser.type("token", "estran_guess-" + i);
      browser.submit("form[action='/signin/token'] button");
      assertThat(browser.text("#token-error"))
          .isEqualTo("Ce jeton est inconnu, révoqué ou expiré.");
    }
    browser.go("/signin");
    browser.type("token", student.token()); // even the right one waits now
    browser.submit("form[action='/signin/token'] button");

    browser.awaitText("h1", "Trop de demandes");
    assertThat(browser.text("h1"))
        .isEqualTo("Trop de demandes en peu de temps : patientez un instant, puis recommencez.");
    assertThat(browser.text("#error-detail"))
        .startsWith("Trop de demandes : au plus 3 modifications par minute. Réessayez dans ")
        .endsWith(" s.");
    browser.assertAccessible();
    browser.screenshot("too-many-fr");
    browser.go("/sandboxes");
    browser.awaitPath("/signin");

    app.clock().advance(Duration.ofMinutes(1));
    signInWithToken(student.token());
    browser.awaitText(".who", "nolwenn@etu.univ-ubs.fr");
  }

  @Test
  void aSignedInPersonsJoinCodesShareTheirAllowanceWithTheirApiRequests() {
    signInWithToken(student.token());
    browser.awaitText(".who", "nolwenn@etu.univ-ubs.fr");
    language("en");
    browser.awaitText("a[hreflang='fr']", "Français");
    assertThat(student.post("/api/v1/join", "{\"code\":\"AAAAA-BBBBB\"}").status()).isEqualTo(404);
    for (int i = 0; i < 2; i++) {
      browser.go("/join");
      browser.type("code", "AAAAA-BBBB" + i);
      browser.submit("form[action='/join'] button");
      browser.awaitText("#code-error", "code");
    }
    browser.go("/join");
    browser.type("code", "AAAAA-CCCCC");
    browser.submit("form[action='/join'] button");
    browser.awaitText("h1", "Too many");
    assertThat(browser.text("h1"))
        .isEqualTo("Too many requests in a short time: wait a moment, then try again.");
    assertThat(browser.text("#error-detail"))
        .startsWith("Too many requests: at most 3 changes per minute. Try again in ");
    browser.assertAccessible();
    browser.screenshot("too-many-en");
    assertThat(student.post("/api/v1/join", "{\"code\":\"AAAAA-BBBBB\"}").status()).isEqualTo(429);
    language("fr");
  }
}
