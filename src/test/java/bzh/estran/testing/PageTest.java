package bzh.estran.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of page tests: per test class, the real application ({@link TestApp}), a real OIDC
 * provider ({@code mock-oauth2-server}, issuer {@code <url>/ubs}, web client {@code estran-web})
 * configured as a sign-in provider, and a real headless Chromium ({@link Browser}). Each test
 * starts signed out, in French.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PageTest {

  public static final String IDP_REALM = "ubs";
  public static final String WEB_CLIENT = "estran-web";

  protected MockOAuth2Server idp;
  protected TestApp app;
  protected Fixtures fixtures;
  protected Browser browser;

  /** Settings the subclass adds to the application's (none by default). */
  protected Map<String, String> settings() {
    return Map.of();
  }

  @BeforeAll
  void startAll() {
    idp = new MockOAuth2Server();
    idp.start();
    Map<String, String> env = new HashMap<>();
    env.put(
        "ESTRAN_OIDC_PROVIDERS",
        "[{\"issuer\":\""
            + issuer()
            + "\",\"domains\":[\"univ-ubs.fr\"],\"clientId\":\""
            + WEB_CLIENT
            + "\",\"name\":\"Université Bretagne Sud\"}]");
    env.put("ESTRAN_OIDC_DOMAINS", "univ-ubs.fr=ubs");
    env.putAll(settings());
    app = TestApp.start(env);
    fixtures = new Fixtures(app);
    browser = Browser.open(app.baseUrl());
  }

  @BeforeEach
  void signedOutInFrench() {
    browser.go("/signin");
    browser.forgetCookies();
  }

  @AfterAll
  void stopAll() {
    if (browser != null) {
      browser.close();
    }
    if (app != null) {
      app.close();
    }
    if (idp != null) {
      idp.shutdown();
    }
  }

  /** The issuer URL of the test identity provider. */
  protected String issuer() {
    return idp.issuerUrl(IDP_REALM).toString().replaceAll("/$", "");
  }

  /** Signs in on the sign-in page by pasting an API token. */
  protected void signInWithToken(String token) {
    browser.go("/signin");
    browser.type("token", token);
    // waits for the answer: a page asked for next must not race the sign-in's own redirect
    browser.submit("form[action='/signin/token'] button");
  }

  /**
   * Signs in through the identity provider: its next authorization answers for {@code email}
   * (verified), and the browser follows the whole code flow from the sign-in page.
   */
  protected void signInWithProvider(String email, String name) {
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            IDP_REALM,
            "sub-" + email,
            "JWT",
            List.of(WEB_CLIENT),
            Map.of("email", email, "email_verified", true, "name", name),
            3600));
    browser.go("/signin");
    browser.find("a[href^='/signin/oidc/']").click();
  }

  /** Switches the pages to English (the switch in the header), or back to French. */
  protected void language(String code) {
    if (!browser.find("html").getAttribute("lang").equals(code)) {
      browser.follow("a[hreflang='" + code + "']");
    }
  }

  /**
   * Checks the current page with axe-core and saves its screenshot as {@code <name>-<lang>.png}, in
   * French then in English (and leaves the page in French).
   */
  protected void checkAndCapture(String name) {
    for (String lang : List.of("fr", "en")) {
      language(lang);
      browser.assertAccessible();
      browser.screenshot(name + "-" + lang);
    }
    language("fr");
  }
}
