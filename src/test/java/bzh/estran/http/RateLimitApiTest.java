package bzh.estran.http;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.MutableClock;
import bzh.estran.testing.TestApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** ESTRAN_RATE_LIMIT_PER_MINUTE=5, on a clock that only moves when the test says. */
class RateLimitApiTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static TestApp app;
  private static Api alice;
  private static Api bob;

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            Map.of("ESTRAN_RATE_LIMIT_PER_MINUTE", "5"), MutableClock.fixedAt(Instant.now()));
    Fixtures fixtures = new Fixtures(app);
    fixtures.institution(
        "ubs"); // two changes by the admin, each fixture well within a minute's five
    app.clock().advance(MINUTE);
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
    app.clock().advance(MINUTE);
    bob = fixtures.member("ubs", "bob@univ-ubs.fr", "member");
    app.clock().advance(MINUTE);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void theSixthChangeWithinAMinuteIsRefusedUntilTheMinuteHasPassed() throws Exception {
    for (int i = 1; i <= 5; i++) {
      assertThat(alice.post("/api/v1/tokens", "{\"name\":\"t" + i + "\"}").status())
          .as("change %d", i)
          .isEqualTo(201);
    }
    HttpResponse<String> refused = post(alice.token(), "/api/v1/tokens", "{\"name\":\"t6\"}");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After"))
        .hasValue("12"); // 5 a minute: one back every 12 s
    JsonNode error = JsonMapper.builder().build().readTree(refused.body()).path("error");
    assertThat(error.path("code").asString()).isEqualTo("rate_limited");
    assertThat(error.path("message").asString()).isNotBlank();
    assertThat(error.path("details").path("limit").asInt()).isEqualTo(5);
    assertThat(error.path("details").path("per").asString()).isEqualTo("PT1M");
    assertThat(alice.delete("/api/v1/tokens/00000000-0000-0000-0000-000000000000").status())
        .isEqualTo(429);

    for (int i = 0; i < 10; i++) {
      assertThat(alice.get("/api/v1/me").status()).as("reads are not limited").isEqualTo(200);
    }
    assertThat(bob.post("/api/v1/tokens", "{\"name\":\"bob\"}").status())
        .as("another user")
        .isEqualTo(201);

    int refusals =
        app.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select count(*) from audit_log where actor_email = 'alice@univ-ubs.fr' and status = 429"
                                + " and action = 'POST /api/v1/tokens'")
                        .mapTo(Integer.class)
                        .one());
    assertThat(refusals).as("the refusal is audited").isEqualTo(1);

    app.clock().advance(MINUTE);
    for (int i = 1; i <= 5; i++) {
      assertThat(alice.post("/api/v1/tokens", "{\"name\":\"again" + i + "\"}").status())
          .isEqualTo(201);
    }
    assertThat(alice.post("/api/v1/tokens", "{\"name\":\"again6\"}").status()).isEqualTo(429);
    app.clock().advance(Duration.ofSeconds(12));
    assertThat(alice.post("/api/v1/tokens", "{\"name\":\"after-12s\"}").status()).isEqualTo(201);
  }

  @Test
  void unauthenticatedRequestsAreNotCountedAgainstAnyone() {
    for (int i = 0; i < 8; i++) {
      assertThat(alice.as(null).post("/api/v1/tokens", "{\"name\":\"x\"}").status()).isEqualTo(401);
    }
  }

  private static HttpResponse<String> post(String token, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
