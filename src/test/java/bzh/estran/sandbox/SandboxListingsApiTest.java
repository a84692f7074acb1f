package bzh.estran.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /sandboxes} keeps the pages it answered for the time to live of the caches (1 s here,
 * the default), under the caller's access: a change committed by this replica is in the next page
 * at once, one made behind its back (straight in the database) within the time to live; callers of
 * different access never get each other's page, and a caller whose role changed asks for another.
 */
class SandboxListingsApiTest {

  /** Far above the 1 s time to live: the bound checked, not a speed. */
  private static final Duration BOUND = Duration.ofSeconds(15);

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api alice;
  private static Api bob;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fixtures = new Fixtures(app);
    fixtures.institution("pages");
    fixtures.institution("elsewhere");
    alice = fixtures.member("pages", "alice@pages.example", "member");
    bob = fixtures.member("pages", "bob@pages.example", "member");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String readySandbox(Api owner) {
    String id = fixtures.sandbox(owner, "{\"template\":\"starter\",\"duration\":\"PT2H\"}");
    fixtures.awaitState(owner, id, "READY");
    return id;
  }

  private static List<String> ids(Api caller, String path) {
    Api.Response page = caller.get(path);
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    page.json().forEach(item -> ids.add(item.path("id").asString()));
    return ids;
  }

  /** The listed sandbox {@code id} as the caller's list shows it. */
  private static JsonNode listed(Api caller, String id) {
    for (JsonNode item : caller.get("/api/v1/sandboxes?limit=500").json()) {
      if (item.path("id").asString().equals(id)) {
        return item;
      }
    }
    throw new AssertionError("sandbox " + id + " is not in the list");
  }

  private static String total(Api caller, String path) {
    HttpResponse<String> response = caller.getWithHeaders(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.headers().firstValue("X-Total-Count").orElseThrow();
  }

  private static double keptPagesServed() {
    Matcher hits =
        Pattern.compile("(?m)^cache_gets_total\\{cache=\"sandbox_pages\",result=\"hit\"} (\\S+)$")
            .matcher(app.admin().get("/metrics").body());
    return hits.find() ? Double.parseDouble(hits.group(1)) : 0;
  }

  @Test
  void aPageAskedAgainIsAnsweredFromWhatWasKeptWithItsOwnHeaders() {
    fixtures.sandbox(bob, "{\"template\":\"starter\"}");
    fixtures.sandbox(bob, "{\"template\":\"starter\"}");
    double before = keptPagesServed();

    // asked until two answers in a row fall in one generation (a heartbeat may start a new one)
    Eventually.await(
        "a page to be answered from what was kept",
        BOUND,
        () -> {
          bob.get("/api/v1/sandboxes?limit=1");
          return keptPagesServed();
        },
        hits -> hits > before);

    HttpResponse<String> first = bob.getWithHeaders("/api/v1/sandboxes?limit=1");
    HttpResponse<String> second = bob.getWithHeaders("/api/v1/sandboxes?limit=1&offset=1");
    HttpResponse<String> again = bob.getWithHeaders("/api/v1/sandboxes?limit=1");
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
    assertThat(again.headers().firstValue("Link").orElseThrow()).contains("rel=\"next\"");
    assertThat(second.headers().firstValue("Link").orElseThrow()).contains("rel=\"prev\"");
    assertThat(second.body()).isNotEqualTo(first.body());
  }

  @Test
  void aCreationThroughThisReplicaIsInTheNextPageAtOnce() {
    List<String> before = ids(alice, "/api/v1/sandboxes");
    String totalBefore = total(alice, "/api/v1/sandboxes");
    assertThat(ids(alice, "/api/v1/sandboxes")).isEqualTo(before); // now kept

    String created = fixtures.sandbox(alice, "{\"template\":\"starter\"}");

    assertThat(ids(alice, "/api/v1/sandboxes")).contains(created).containsAll(before);
    assertThat(Long.parseLong(total(alice, "/api/v1/sandboxes")))
        .isEqualTo(Long.parseLong(totalBefore) + 1);
  }

  @Test
  void anExtensionThroughThisReplicaIsInTheNextPageAtOnce() {
    String id = readySandbox(alice);
    Instant before = Instant.parse(listed(alice, id).path("expiresAt").asString());
    listed(alice, id); // now kept

    Api.Response extended =
        alice.post("/api/v1/sandboxes/" + id + "/extend", "{\"duration\":\"PT1H\"}");
    assertThat(extended.status()).as(extended.toString()).isEqualTo(200);

    assertThat(Instant.parse(listed(alice, id).path("expiresAt").asString()))
        .isEqualTo(Instant.parse(extended.text("expiresAt")))
        .isAfter(before);
  }

  @Test
  void aDeletionThroughThisReplicaIsInTheNextPageAtOnce() {
    String id = readySandbox(alice);
    assertThat(ids(alice, "/api/v1/sandboxes?state=READY")).contains(id);
    assertThat(ids(alice, "/api/v1/sandboxes?state=READY")).contains(id); // now kept

    assertThat(alice.delete("/api/v1/sandboxes/" + id).status()).isEqualTo(202);

    assertThat(ids(alice, "/api/v1/sandboxes?state=READY")).doesNotContain(id);
    assertThat(listed(alice, id).path("state").asString()).isIn("DELETING", "DELETED");
  }

  @Test
  void aChangeBehindThisReplicasBackShowsWithinTheTimeToLive() {
    String id = readySandbox(alice);
    assertThat(listed(alice, id).path("name").asString()).isNotEqualTo("renamed-in-db");
    listed(alice, id); // now kept

    int updated =
        app.jdbi()
            .withHandle(
                h ->
                    h.createUpdate(
                            "update sandboxes set name = 'renamed-in-db'"
                                + " where id = cast(:id as uuid)")
                        .bind("id", id)
                        .execute());
    assertThat(updated).isEqualTo(1);

    Eventually.await(
        "the new name to be in the list",
        BOUND,
        () -> listed(alice, id).path("name").asString(),
        "renamed-in-db"::equals);
  }

  @Test
  void membersOfDifferentAccessNeverGetEachOthersPage() {
    String aliceOwn = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    String bobOwn = fixtures.sandbox(bob, "{\"template\":\"starter\"}");
    Api admin = fixtures.member("pages", "admin@pages.example", "institution-admin");
    Api mallory = fixtures.member("elsewhere", "mallory@elsewhere.example", "institution-admin");

    // the same address, asked in turns, so that each one's page is kept when the next one asks
    for (int round = 0; round < 3; round++) {
      assertThat(ids(alice, "/api/v1/sandboxes")).contains(aliceOwn).doesNotContain(bobOwn);
      assertThat(ids(bob, "/api/v1/sandboxes")).contains(bobOwn).doesNotContain(aliceOwn);
      assertThat(ids(admin, "/api/v1/sandboxes")).contains(aliceOwn, bobOwn);
      assertThat(ids(admin, "/api/v1/sandboxes?owner=me")).doesNotContain(aliceOwn, bobOwn);
      assertThat(ids(mallory, "/api/v1/sandboxes")).doesNotContain(aliceOwn, bobOwn);
    }
  }

  @Test
  void anInstitutionAdminDemotedBehindThisReplicasBackLosesTheWiderListWithinTheTimeToLive() {
    String aliceOwn = fixtures.sandbox(alice, "{\"template\":\"starter\"}");
    Api carol = fixtures.member("pages", "carol@pages.example", "institution-admin");
    assertThat(ids(carol, "/api/v1/sandboxes?limit=500")).contains(aliceOwn);
    assertThat(ids(carol, "/api/v1/sandboxes?limit=500")).contains(aliceOwn); // now kept

    app.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "update memberships set role = 'member' where user_id ="
                        + " (select id from users where email = 'carol@pages.example')"));

    Eventually.await(
        "carol, demoted, to see only her own sandboxes",
        BOUND,
        () -> ids(carol, "/api/v1/sandboxes?limit=500"),
        ids -> !ids.contains(aliceOwn));
    assertThat(ids(alice, "/api/v1/sandboxes?limit=500")).contains(aliceOwn);
  }
}
