package bzh.estran.web;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pages' protections, over plain HTTP against the running application: security headers, CSRF
 * tokens tied to the session, the session cookie's attributes, sign-out ending the session on the
 * server, session expiry (the clock is moved), and pages showing nothing the API would refuse.
 */
class PageSecurityTest {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static TestApp app;
  private static Api alice;
  private static Api carol;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    app = TestApp.start();
    Fixtures fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    fixtures.institution("imt");
    alice = fixtures.member("ubs", "alice@etu.univ-ubs.fr", "member");
    carol = fixtures.member("imt", "carol@imt-atlantique.fr", "member");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void everyPageAndAssetCarriesTheSecurityHeaders() throws Exception {
    for (String path : List.of("/signin", "/assets/estran.css", "/sandboxes")) {
      HttpResponse<String> response = get(path, null);
      assertThat(response.headers().firstValue("Content-Security-Policy"))
          .as(path)
          .hasValueSatisfying(
              csp ->
                  assertThat(csp)
                      .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
                      .doesNotContain("unsafe-inline"));
      assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(response.headers().firstValue("Referrer-Policy")).contains("same-origin");
    }
    assertThat(get("/sandboxes", null).statusCode()).isEqualTo(303);
    assertThat(get("/sandboxes", null).headers().firstValue("Location"))
        .contains("/signin?next=%2Fsandboxes");
  }

  @Test
  void theSessionCookieIsHttpOnlyAndLaxAndSignInGivesANewOne() throws Exception {
    HttpResponse<String> page = get("/signin", null);
    String visitor = sessionCookie(page);
    assertThat(page.headers().allValues("Set-Cookie").get(0))
        .contains("HttpOnly")
        .containsIgnoringCase("SameSite=Lax")
        .contains("Secure"); // production mode, as TestApp runs
    String signedIn = signIn(visitor, csrf(page), alice.token());
    assertThat(signedIn).isNotEqualTo(visitor);
    assertThat(get("/sandboxes", visitor).statusCode())
        .as("the visitor id is worth nothing")
        .isEqualTo(303);
    assertThat(get("/sandboxes", signedIn).statusCode()).isEqualTo(200);
  }

  @Test
  void aFormWithoutTheSessionsCsrfTokenIsRefusedAndDoesNothing() throws Exception {
    String session = signedInSession(alice);
    String body = "template=starter&name=sneaky";
    assertThat(post("/sandboxes", session, body).statusCode()).isEqualTo(403);
    assertThat(post("/sandboxes", session, body + "&csrf=forged").statusCode()).isEqualTo(403);
    String otherToken = csrf(get("/signin", null));
    assertThat(post("/sandboxes", session, body + "&csrf=" + otherToken).statusCode())
        .as("a token of another session")
        .isEqualTo(403);
    assertThat(alice.get("/api/v1/sandboxes?owner=me").body()).doesNotContain("sneaky");

    String token = csrf(get("/sandboxes/new", session));
    HttpResponse<String> created = post("/sandboxes", session, body + "&csrf=" + token);
    assertThat(created.statusCode()).isEqualTo(303);
    assertThat(alice.get("/api/v1/sandboxes?owner=me").body()).contains("sneaky");
    String audit = app.admin().get("/api/v1/audit").body();
    assertThat(audit)
        .as("page forms are audited, refused ones too, without their fields")
        .contains("\"action\":\"POST /sandboxes\"")
        .contains("\"status\":403")
        .contains("alice@etu.univ-ubs.fr")
        .doesNotContain("sneaky")
        .doesNotContain(alice.token());
  }

  @Test
  void signingOutEndsTheSessionOnTheServer() throws Exception {
    String session = signedInSession(alice);
    String token = csrf(get("/sandboxes", session));
    assertThat(post("/signout", session, "csrf=" + token).statusCode()).isEqualTo(303);
    assertThat(get("/sandboxes", session).statusCode()).isEqualTo(303);
  }

  @Test
  void aSessionEndsAfterItsLifetime() throws Exception {
    String session = signedInSession(alice);
    assertThat(get("/sandboxes", session).statusCode()).isEqualTo(200);
    app.clock().advance(Duration.ofHours(8).plusMinutes(1));
    assertThat(get("/sandboxes", session).statusCode()).isEqualTo(303);
  }

  @Test
  void aSessionOpenedWithAnApiTokenEndsWhenTheTokenIsRevoked() throws Exception {
    Api.Response issued = alice.post("/api/v1/tokens", "{\"name\":\"pages\"}");
    assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
    String pasted = signedInSession(alice.as(issued.text("token")));
    String other = signedInSession(alice);
    assertThat(get("/sandboxes", pasted).statusCode()).isEqualTo(200);

    assertThat(alice.delete("/api/v1/tokens/" + issued.text("id")).status()).isEqualTo(204);
    HttpResponse<String> after = get("/sandboxes", pasted);
    assertThat(after.statusCode()).isEqualTo(303);
    assertThat(after.headers().firstValue("Location")).hasValue("/signin?next=%2Fsandboxes");
    // the session of another token of the same person goes on
    assertThat(get("/sandboxes", other).statusCode()).isEqualTo(200);
  }

  @Test
  void aSessionOpenedWithAnApiTokenEndsWhenTheTokenExpires() throws Exception {
    java.time.Instant expiresAt = app.clock().instant().plus(Duration.ofHours(1));
    Api.Response issued =
        alice.post("/api/v1/tokens", "{\"name\":\"short\",\"expiresAt\":\"" + expiresAt + "\"}");
    assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
    String pasted = signedInSession(alice.as(issued.text("token")));
    assertThat(get("/sandboxes", pasted).statusCode()).isEqualTo(200);

    app.clock().advance(Duration.ofMinutes(61)); // within the session's own 8 hours
    assertThat(get("/sandboxes", pasted).statusCode()).isEqualTo(303);
  }

  @Test
  void aPageShowsNothingTheApiRefuses() throws Exception {
    String id =
        new Fixtures(app).sandbox(alice, "{\"template\":\"starter\",\"name\":\"alice-only\"}");
    String carolSession = signedInSession(carol);
    assertThat(get("/sandboxes/" + id, carolSession).statusCode()).isEqualTo(404);
    assertThat(get("/sandboxes/" + id + "/status", carolSession).statusCode()).isEqualTo(404);
    assertThat(get("/sandboxes/" + id + "/kubeconfig", carolSession).statusCode()).isEqualTo(404);
    assertThat(get("/sandboxes", carolSession).body()).doesNotContain("alice-only");
    String token = csrf(get("/sandboxes", carolSession));
    assertThat(post("/sandboxes/" + id + "/delete", carolSession, "csrf=" + token).statusCode())
        .isEqualTo(404);
    assertThat(alice.get("/api/v1/sandboxes/" + id).text("state")).isNotEqualTo("DELETING");
    assertThat(get("/sandboxes/" + id, signedInSession(alice)).body()).contains("alice-only");
    assertThat(get("/sandboxes/not-an-id", carolSession).statusCode()).isEqualTo(404);
  }

  @Test
  void theLanguageSwitchIsRememberedAndOnlyGoesBackToThisSite() throws Exception {
    HttpResponse<String> english = get("/lang/en?next=%2F%2Fevil.example", null);
    assertThat(english.headers().firstValue("Location")).contains("/");
    String cookie = english.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("estran_lang=en");
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(app.baseUrl() + "/signin"))
                .header("Cookie", "estran_lang=en")
                .header("Accept-Language", "fr")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.body()).contains("<html lang=\"en\">").contains("Sign in");
    HttpResponse<String> french =
        http.send(
            HttpRequest.newBuilder(URI.create(app.baseUrl() + "/signin"))
                .header("Accept-Language", "de-DE,en;q=0.3")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(french.body()).contains("<html lang=\"en\">");
    assertThat(get("/signin", null).body()).contains("<html lang=\"fr\">").contains("Connexion");
  }

  private String signedInSession(Api who) throws Exception {
    HttpResponse<String> page = get("/signin", null);
    return signIn(sessionCookie(page), csrf(page), who.token());
  }

  private String signIn(String session, String csrf, String token) throws Exception {
    HttpResponse<String> response =
        post(
            "/signin/token",
            session,
            "csrf=" + csrf + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(303);
    return sessionCookie(response);
  }

  private static String sessionCookie(HttpResponse<String> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("estran_session="))
        .map(c -> c.substring("estran_session=".length(), c.indexOf(';')))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
  }

  private static String csrf(HttpResponse<String> page) {
    Matcher m = CSRF.matcher(page.body());
    assertThat(m.find()).as("a CSRF field in " + page.uri()).isTrue();
    return m.group(1);
  }

  private HttpResponse<String> get(String path, String session)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path));
    if (session != null) {
      request.header("Cookie", "estran_session=" + session);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String session, String form)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (session != null) {
      request.header("Cookie", "estran_session=" + session);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
