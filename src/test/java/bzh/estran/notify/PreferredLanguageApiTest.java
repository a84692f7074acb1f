package bzh.estran.notify;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import bzh.estran.testing.TestSmtp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user chooses the language of their mails with {@code PATCH /api/v1/me}; bad bodies are 400
 * naming the field and change nothing; the next mail (GreenMail) comes in that language.
 */
class PreferredLanguageApiTest {

  private static TestSmtp smtp;
  private static TestApp app;
  private static Fixtures fixtures;
  private static Api ubsAdmin;

  @BeforeAll
  static void start() {
    smtp = TestSmtp.start();
    Map<String, String> env = new HashMap<>(smtp.settings());
    env.put("ESTRAN_NOTICE_INTERVAL", "PT0.2S");
    env.put("ESTRAN_EXPIRY_WARNINGS", "");
    app = TestApp.start(env);
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    ubsAdmin = fixtures.member("ubs", "admin@univ-ubs.fr", "institution-admin");
  }

  @AfterAll
  static void stop() {
    app.close();
    smtp.close();
  }

  @Test
  void frenchUntilChangedThenTheMailsComeInEnglish() {
    Api ewan = fixtures.member("ubs", "ewan@univ-ubs.fr", "member");
    assertThat(ewan.get("/api/v1/me").text("language")).isEqualTo("fr");

    Api.Response changed = patch(ewan, "{\"language\":\"en\"}");
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(changed.text("language")).isEqualTo("en");
    assertThat(changed.text("email")).isEqualTo("ewan@univ-ubs.fr");
    assertThat(ewan.get("/api/v1/me").text("language")).isEqualTo("en");

    String id = fixtures.sandbox(ewan, "{\"template\":\"starter\",\"duration\":\"PT8H\"}");
    fixtures.awaitState(ewan, id, "READY");
    String userId = ewan.get("/api/v1/me").text("id");
    assertThat(ubsAdmin.delete("/api/v1/institutions/ubs/members/" + userId).status())
        .isEqualTo(200);
    TestSmtp.Received mail =
        Eventually.await(
                "the off-boarding mail",
                Duration.ofSeconds(20),
                () -> smtp.to("ewan@univ-ubs.fr"),
                mails -> !mails.isEmpty())
            .get(0);
    assertThat(mail.subject()).startsWith("Your sandbox ").endsWith(" was deleted");
    assertThat(mail.text()).contains("your account left the institution");
  }

  @Test
  void backToFrenchAndEachCallerChangesOnlyTheirOwn() {
    Api gwen = fixtures.member("ubs", "gwen@univ-ubs.fr", "member");
    Api yann = fixtures.member("ubs", "yann@univ-ubs.fr", "member");
    assertThat(patch(gwen, "{\"language\":\"en\"}").status()).isEqualTo(200);
    assertThat(yann.get("/api/v1/me").text("language")).isEqualTo("fr");
    assertThat(patch(gwen, "{\"language\":\"fr\"}").text("language")).isEqualTo("fr");
    assertThat(app.admin().as(null).raw("PATCH", "/api/v1/me", "application/json", bytes("{}")))
        .extracting(Api.Response::status)
        .isEqualTo(401);
  }

  @Test
  void badBodiesAreRefusedNamingTheFieldAndChangeNothing() {
    Api pol = fixtures.member("ubs", "pol@univ-ubs.fr", "member");
    assertThat(patch(pol, "{\"language\":\"en\"}").status()).isEqualTo(200);
    for (String body :
        List.of(
            "{\"language\":\"de\"}",
            "{\"language\":\"EN\"}",
            "{\"language\":\"\"}",
            "{\"language\":null}",
            "{}",
            "{\"language\":[\"fr\"]}",
            "{\"language\":{\"code\":\"fr\"}}")) {
      Api.Response refused = patch(pol, body);
      assertThat(refused.status()).as(body + " -> " + refused).isEqualTo(400);
      assertThat(refused.json().path("error").path("code").asString()).isEqualTo("invalid_request");
      assertThat(refused.json().path("error").path("details").path("fields").has("language"))
          .as(body + " -> " + refused)
          .isTrue();
    }
    // unknown fields are ignored, as everywhere in the API; e-mail and name are not changed here
    Api.Response other = patch(pol, "{\"language\":\"en\",\"email\":\"x@univ-ubs.fr\"}");
    assertThat(other.status()).as(other.toString()).isEqualTo(200);
    assertThat(other.text("email")).isEqualTo("pol@univ-ubs.fr");
    assertThat(patch(pol, "[\"fr\"]").status()).isEqualTo(400);
    assertThat(
            pol.raw("PATCH", "/api/v1/me", "text/plain", bytes("{\"language\":\"fr\"}")).status())
        .isEqualTo(415);
    assertThat(pol.get("/api/v1/me").text("language")).isEqualTo("en");
    assertThat(pol.get("/api/v1/me").text("email")).isEqualTo("pol@univ-ubs.fr");
  }

  private static Api.Response patch(Api caller, String body) {
    return caller.raw("PATCH", "/api/v1/me", "application/json", bytes(body));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
