package bzh.estran.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sandboxes end at their expiry, also when it passed while Estran was down. Time is moved, not
 * waited.
 */
class ExpiryApiTest {

  private TestApp app;
  private Fixtures fixtures;
  private Api alice;

  @BeforeEach
  void start() {
    app = TestApp.start();
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
  }

  @AfterEach
  void stop() {
    app.close();
  }

  @Test
  void aSandboxIsDeletedOnceItsExpiryPasses() {
    String early = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT1H\"}");
    String later = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT3H\"}");
    String namespace = fixtures.awaitState(alice, early, "READY").text("namespace");
    fixtures.awaitState(alice, later, "READY");

    app.clock().advance(Duration.ofMinutes(59));
    assertThat(alice.get("/api/v1/sandboxes/" + early).text("state")).isEqualTo("READY");

    app.clock().advance(Duration.ofMinutes(2));
    Api.Response expired = fixtures.awaitState(alice, early, "DELETED");
    assertThat(expired.json().path("events").findValuesAsString("type"))
        .containsSubsequence("READY", "EXPIRED", "DELETED");
    Instant expiresAt = Instant.parse(expired.text("expiresAt"));
    Instant deletedAt = Instant.parse(expired.text("deletedAt"));
    assertThat(deletedAt).isAfterOrEqualTo(expiresAt);
    assertThat(app.cluster().client().namespaces().withName(namespace).get()).isNull();

    assertThat(alice.get("/api/v1/sandboxes/" + later).text("state")).isEqualTo("READY");
  }

  @Test
  void sandboxesThatFellDueWhileEstranWasDownEndAtTheNextStart() {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT1H\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");

    app.stop();
    app.clock().advance(Duration.ofHours(2));
    app.startAgain();

    Api.Response deleted = fixtures.awaitState(alice, id, "DELETED");
    assertThat(deleted.json().path("events").findValuesAsString("type")).contains("EXPIRED");
    assertThat(app.cluster().client().namespaces().withName(namespace).get()).isNull();
  }

  @Test
  void anExtendedSandboxOutlivesItsFirstExpiry() {
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT1H\"}");
    String control = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT1H\"}");
    fixtures.awaitState(alice, id, "READY");
    fixtures.awaitState(alice, control, "READY");
    assertThat(
            alice.post("/api/v1/sandboxes/" + id + "/extend", "{\"duration\":\"PT1H\"}").status())
        .isEqualTo(200);

    app.clock().advance(Duration.ofMinutes(90));
    fixtures.awaitState(alice, control, "DELETED"); // the expiry job has run past the first expiry
    assertThat(alice.get("/api/v1/sandboxes/" + id).text("state")).isEqualTo("READY");

    app.clock().advance(Duration.ofMinutes(31));
    fixtures.awaitState(alice, id, "DELETED");
  }
}
