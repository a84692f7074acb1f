package bzh.estran.auth;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short-lived cache of the callers behind API tokens never outlives a revocation by more than
 * its time to live (1 s here, the default): a change made through this replica holds at once, one
 * made behind its back (another replica, or straight in the database) within the time to live.
 */
class PrincipalCacheApiTest {

  /** Far above the 1 s time to live: the bound checked, not a speed. */
  private static final Duration BOUND = Duration.ofSeconds(15);

  private static TestApp app;
  private static Api admin;
  private static Fixtures fixtures;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    admin = app.admin();
    fixtures = new Fixtures(app);
    fixtures.institution("cache");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void aTokenRevokedThroughThisReplicaIsRefusedAtOnce() {
    Api carol = fixtures.member("cache", "carol@cache.example", "member");
    Api.Response issued = carol.post("/api/v1/tokens", "{\"name\":\"laptop\"}");
    assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
    Api laptop = carol.as(issued.text("token"));
    assertThat(laptop.get("/api/v1/me").status()).isEqualTo(200);
    assertThat(laptop.get("/api/v1/me").status()).isEqualTo(200); // now kept

    assertThat(carol.delete("/api/v1/tokens/" + issued.text("id")).status()).isEqualTo(204);

    assertThat(laptop.get("/api/v1/me").status()).isEqualTo(401);
    assertThat(carol.get("/api/v1/me").status()).isEqualTo(200);
  }

  @Test
  void aTokenRevokedBehindThisReplicasBackIsRefusedWithinTheTimeToLive() {
    Api dave = fixtures.member("cache", "dave@cache.example", "member");
    assertThat(dave.get("/api/v1/me").status()).isEqualTo(200);

    int revoked =
        app.jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            "update api_tokens set revoked_at = now() where user_id ="
                                + " (select id from users where email = 'dave@cache.example')")
                        .execute());
    assertThat(revoked).isEqualTo(1);

    Eventually.await(
        "dave's revoked token to be refused",
        BOUND,
        () -> dave.get("/api/v1/me"),
        response -> response.status() == 401);
  }

  @Test
  void aUserDeactivatedBehindThisReplicasBackIsRefusedWithinTheTimeToLive() {
    Api erin = fixtures.member("cache", "erin@cache.example", "member");
    assertThat(erin.get("/api/v1/me").status()).isEqualTo(200);

    app.jdbi()
        .useHandle(
            h -> h.execute("update users set active = false where email = 'erin@cache.example'"));

    Api.Response refused =
        Eventually.await(
            "erin, deactivated, to be refused",
            BOUND,
            () -> erin.get("/api/v1/me"),
            response -> response.status() == 401);
    assertThat(refused.json().path("error").path("message").asString()).contains("deactivated");
  }

  @Test
  void aRoleChangedBehindThisReplicasBackShowsWithinTheTimeToLive() {
    Api frank = fixtures.member("cache", "frank@cache.example", "member");
    assertThat(roleOf(frank)).isEqualTo("member");

    app.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "update memberships set role = 'institution-admin' where user_id ="
                        + " (select id from users where email = 'frank@cache.example')"));

    Eventually.await(
        "frank's new role to show",
        BOUND,
        () -> roleOf(frank),
        role -> role.equals("institution-admin"));
    assertThat(frank.get("/api/v1/institutions/cache/members").status()).isEqualTo(200);
  }

  @Test
  void aTokenThatExpiresWhileKeptIsRefusedAtOnce() {
    Api grace = fixtures.member("cache", "grace@cache.example", "member");
    String expiresAt = app.clock().instant().plus(1, ChronoUnit.HOURS).toString();
    Api.Response issued =
        grace.post("/api/v1/tokens", "{\"name\":\"short\",\"expiresAt\":\"" + expiresAt + "\"}");
    assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
    Api shortLived = grace.as(issued.text("token"));
    assertThat(shortLived.get("/api/v1/me").status()).isEqualTo(200);

    app.clock().advance(Duration.ofHours(1).plusSeconds(1));

    assertThat(shortLived.get("/api/v1/me").status()).isEqualTo(401);
  }

  private static String roleOf(Api caller) {
    return caller.get("/api/v1/me").json().path("memberships").get(0).path("role").asString();
  }
}
