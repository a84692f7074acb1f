package bzh.estran.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /sandboxes/{id}} keeps what it read for the time to live of the caches (1 s here, the
 * default): a change committed by this replica shows at once, one made behind its back (another
 * replica, or straight in the database) within the time to live; who may see the sandbox is checked
 * on every request.
 */
class SandboxViewsApiTest {

  /** Far above the 1 s time to live: the bound checked, not a speed. */
  private static final Duration BOUND = Duration.ofSeconds(15);

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api alice;
  private static Api bob;
  private static Api admin;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fixtures = new Fixtures(app);
    fixtures.institution("views");
    alice = fixtures.member("views", "alice@views.example", "member");
    bob = fixtures.member("views", "bob@views.example", "member");
    admin = fixtures.member("views", "admin@views.example", "institution-admin");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String readySandbox() {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT2H\"}");
    fixtures.awaitState(alice, id, "READY");
    return id;
  }

  @Test
  void anExtensionThroughThisReplicaShowsAtOnce() {
    String id = readySandbox();
    Instant before = Instant.parse(alice.get("/api/v1/sandboxes/" + id).text("expiresAt"));
    alice.get("/api/v1/sandboxes/" + id); // now kept

    Api.Response extended =
        alice.post("/api/v1/sandboxes/" + id + "/extend", "{\"duration\":\"PT1H\"}");
    assertThat(extended.status()).as(extended.toString()).isEqualTo(200);

    Api.Response read = alice.get("/api/v1/sandboxes/" + id);
    assertThat(Instant.parse(read.text("expiresAt")))
        .isEqualTo(Instant.parse(extended.text("expiresAt")))
        .isAfter(before);
  }

  @Test
  void aDeletionThroughThisReplicaShowsAtOnce() {
    String id = readySandbox();
    assertThat(alice.get("/api/v1/sandboxes/" + id).text("state")).isEqualTo("READY");

    assertThat(alice.delete("/api/v1/sandboxes/" + id).status()).isEqualTo(202);

    assertThat(alice.get("/api/v1/sandboxes/" + id).text("state")).isIn("DELETING", "DELETED");
  }

  @Test
  void aChangeBehindThisReplicasBackShowsWithinTheTimeToLive() {
    String id = readySandbox();
    assertThat(alice.get("/api/v1/sandboxes/" + id).text("name")).isNotEqualTo("renamed");

    int updated =
        app.jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            "update sandboxes set name = 'renamed' where id = cast(:id as uuid)")
                        .bind("id", id)
                        .execute());
    assertThat(updated).isEqualTo(1);

    Eventually.await(
        "the new name to show",
        BOUND,
        () -> alice.get("/api/v1/sandboxes/" + id).text("name"),
        "renamed"::equals);
  }

  @Test
  void whoMaySeeASandboxIsCheckedOnEveryRequestEvenWhenItIsKept() {
    String id = readySandbox();
    assertThat(alice.get("/api/v1/sandboxes/" + id).status()).isEqualTo(200);
    assertThat(alice.get("/api/v1/sandboxes/" + id).status()).isEqualTo(200); // now kept

    assertThat(bob.get("/api/v1/sandboxes/" + id).status()).isEqualTo(404);
    assertThat(admin.get("/api/v1/sandboxes/" + id).status()).isEqualTo(200);
    assertThat(bob.get("/api/v1/sandboxes/" + id).status()).isEqualTo(404);
  }

  @Test
  void anInstitutionAdminDemotedBehindThisReplicasBackLosesSightWithinTheTimeToLive() {
    String id = readySandbox();
    Api carol = fixtures.member("views", "carol@views.example", "institution-admin");
    assertThat(carol.get("/api/v1/sandboxes/" + id).status()).isEqualTo(200);

    app.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "update memberships set role = 'member' where user_id ="
                        + " (select id from users where email = 'carol@views.example')"));

    Eventually.await(
        "carol, demoted, to be refused",
        BOUND,
        () -> carol.get("/api/v1/sandboxes/" + id).status(),
        status -> status == 404);
  }
}
