package bzh.estran.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, item 3: free-text names with control characters (newline, NUL, ANSI escapes, bidi
 * overrides and other Cc/Cf characters) are refused with 400 on the field, and nothing is made.
 */
class ControlCharactersApiTest {

  /** JSON string escapes of bad names. */
  private static final List<String> BAD =
      List.of(
          "Evil\\nInjected: admin",
          "Nul\\u0000byte",
          "\\u001b[31mRed\\u001b[0m",
          "Invoice \\u202egpj.exe",
          "Zero\\u200bwidth",
          "Tab\\tbed");

  private static TestApp app;
  private static Api admin;
  private static Api ubsAdmin;
  private static int counter;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    admin = app.admin();
    Fixtures fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    ubsAdmin = fixtures.member("ubs", "admin@univ-ubs.fr", "institution-admin");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static void assertRefusedOn(String field, Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_request");
    assertThat(response.json().path("error").path("details").path("fields").path(field).asString())
        .as(response.toString())
        .containsAnyOf("control", "NUL");
  }

  private static long rows(String table) {
    return app.jdbi()
        .withHandle(h -> h.createQuery("select count(*) from " + table).mapTo(Long.class).one());
  }

  @Test
  void userNames() {
    long before = rows("users");
    for (String bad : BAD) {
      assertRefusedOn(
          "name",
          admin.post(
              "/api/v1/users",
              "{\"email\":\"u" + (++counter) + "@example.org\",\"name\":\"" + bad + "\"}"));
    }
    assertThat(rows("users")).isEqualTo(before);
  }

  @Test
  void institutionNames() {
    long before = rows("institutions");
    for (String bad : BAD) {
      assertRefusedOn(
          "name",
          admin.post(
              "/api/v1/institutions",
              "{\"slug\":\"i" + (++counter) + "\",\"name\":\"" + bad + "\",\"kind\":\"company\"}"));
    }
    assertThat(rows("institutions")).isEqualTo(before);
  }

  @Test
  void tokenNames() {
    long before = rows("api_tokens");
    for (String bad : BAD) {
      assertRefusedOn("name", ubsAdmin.post("/api/v1/tokens", "{\"name\":\"" + bad + "\"}"));
    }
    assertThat(rows("api_tokens")).isEqualTo(before);
  }

  @Test
  void cohortNames() {
    Instant now = app.clock().instant();
    long before = rows("cohorts");
    for (String bad : BAD) {
      assertRefusedOn(
          "name",
          ubsAdmin.post(
              "/api/v1/institutions/ubs/cohorts",
              "{\"name\":\""
                  + bad
                  + "\",\"startsAt\":\""
                  + now
                  + "\",\"endsAt\":\""
                  + now.plus(Duration.ofDays(10))
                  + "\"}"));
    }
    assertThat(rows("cohorts")).isEqualTo(before);
  }

  @Test
  void sandboxNamesAreDnsLabelsAlready() {
    assertThat(
            ubsAdmin
                .post(
                    "/api/v1/sandboxes",
                    "{\"template\":\"starter\",\"name\":\"lab\\n1\",\"institution\":\"ubs\"}")
                .status())
        .isEqualTo(400);
  }

  @Test
  void ordinaryNamesInAnyScriptAreKept() {
    Api.Response user =
        admin.post(
            "/api/v1/users", "{\"email\":\"gwenn@example.org\",\"name\":\"Gwenn Le Gall 🧮\"}");
    assertThat(user.status()).as(user.toString()).isEqualTo(201);
    assertThat(user.text("name")).isEqualTo("Gwenn Le Gall 🧮");
  }
}
