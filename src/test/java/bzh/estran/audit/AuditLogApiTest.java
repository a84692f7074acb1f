package bzh.estran.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The audit log over HTTP: what state-changing requests leave in it, and who may read what. */
class AuditLogApiTest {

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api alice;
  private static Api ubsAdmin;
  private static Api imtAdmin;
  private static Api mallory;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    fixtures.institution("imt");
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
    ubsAdmin = fixtures.member("ubs", "admin@univ-ubs.fr", "institution-admin");
    imtAdmin = fixtures.member("imt", "admin@imt-atlantique.fr", "institution-admin");
    mallory = fixtures.member("imt", "mallory@imt-atlantique.fr", "member");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  // --- what is recorded

  @Test
  void aSandboxsLifeLeavesOneEntryPerChangeWithActorActionTargetStatusAndInstitution() {
    Instant before = app.clock().instant();
    String since = "&from=" + before;
    Api.Response created =
        alice.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"duration\":\"PT1H\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    String id = created.text("id");
    assertThat(
            alice.post("/api/v1/sandboxes/" + id + "/extend", "{\"duration\":\"PT2H\"}").status())
        .isEqualTo(200);
    assertThat(alice.delete("/api/v1/sandboxes/" + id).status()).isEqualTo(202);
    Instant after = app.clock().instant();

    JsonNode create =
        only(entries("actor=alice@univ-ubs.fr&action=POST%20/api/v1/sandboxes" + since), null, 202);
    assertThat(create.path("actorEmail").asString()).isEqualTo("alice@univ-ubs.fr");
    assertThat(create.path("actorId").asString()).matches("[0-9a-f-]{36}");
    assertThat(create.path("institution").asString()).isEqualTo("ubs");
    assertThat(Instant.parse(create.path("at").asString())).isBetween(before, after);
    assertThat(create.path("ip").asString()).isNotBlank();
    assertThat(create.path("userAgent").asString()).startsWith("Java-http-client");

    JsonNode extend = only(entries("action=/api/v1/sandboxes/{id}/extend"), "id=" + id, 200);
    assertThat(extend.path("action").asString()).isEqualTo("POST /api/v1/sandboxes/{id}/extend");
    assertThat(extend.path("actorEmail").asString()).isEqualTo("alice@univ-ubs.fr");
    assertThat(extend.path("institution").asString()).isEqualTo("ubs");

    JsonNode delete = only(entries("action=DELETE%20/api/v1/sandboxes/"), "id=" + id, 202);
    assertThat(delete.path("action").asString()).isEqualTo("DELETE /api/v1/sandboxes/{id}");
    assertThat(delete.path("institution").asString()).isEqualTo("ubs");

    assertThat(
            entries("action=/api/v1/sandboxes/{id}").stream()
                .filter(e -> e.path("action").asString().startsWith("GET")))
        .as("reads are not audited")
        .isEmpty();
  }

  @Test
  void institutionQuotaMemberTokenAndUserChangesAreRecorded() {
    Api admin = app.admin();
    String since = "&from=" + app.clock().instant();
    assertThat(
            admin
                .post(
                    "/api/v1/institutions",
                    "{\"slug\":\"rennes\",\"name\":\"Rennes\",\"kind\":\"university\"}")
                .status())
        .isEqualTo(201);
    fixtures.quota("rennes", 5, 10, 10, 10, 2, 100);
    Api.Response added =
        ubsAdmin.post(
            "/api/v1/institutions/ubs/members",
            "{\"email\":\"newcomer@univ-ubs.fr\",\"role\":\"member\"}");
    assertThat(added.status()).isEqualTo(201);
    Api.Response user =
        admin.post("/api/v1/users", "{\"email\":\"solo@example.org\",\"name\":\"Solo\"}");
    assertThat(user.status()).isEqualTo(201);
    Api.Response token = mallory.post("/api/v1/tokens", "{\"name\":\"laptop\"}");
    assertThat(token.status()).isEqualTo(201);
    assertThat(mallory.delete("/api/v1/tokens/" + token.text("id")).status()).isEqualTo(204);

    JsonNode institution =
        only(entries("action=POST%20/api/v1/institutions&institution=rennes"), null, 201);
    assertThat(institution.path("action").asString()).isEqualTo("POST /api/v1/institutions");
    assertThat(institution.path("actorEmail").asString()).isEqualTo(adminEmail());
    JsonNode quota = only(entries("action=/quota&institution=rennes"), "slug=rennes", 200);
    assertThat(quota.path("action").asString()).isEqualTo("PUT /api/v1/institutions/{slug}/quota");
    JsonNode member =
        only(entries("actor=admin@univ-ubs.fr&action=/members" + since), "slug=ubs", 201);
    assertThat(member.path("institution").asString()).isEqualTo("ubs");
    JsonNode created =
        only(
            entries("action=POST%20/api/v1/users&actor=" + adminEmail() + since).stream()
                .filter(e -> e.path("target").isNull())
                .toList(),
            null,
            201);
    assertThat(created.path("institution").isNull()).isTrue();
    JsonNode issued =
        only(
            entries("actor=mallory@imt-atlantique.fr&action=POST%20/api/v1/tokens" + since),
            null,
            201);
    assertThat(issued.path("institution").isNull()).isTrue();
    JsonNode revoked =
        only(
            entries("actor=mallory@imt-atlantique.fr&action=DELETE" + since),
            "id=" + token.text("id"),
            204);
    assertThat(revoked.path("action").asString()).isEqualTo("DELETE /api/v1/tokens/{id}");
  }

  @Test
  void cohortChangesAreRecordedInTheirInstitutionWithoutTheJoinCode() {
    String since = "&from=" + app.clock().instant();
    Instant now = app.clock().instant();
    Api.Response cohort =
        ubsAdmin.post(
            "/api/v1/institutions/ubs/cohorts",
            "{\"name\":\"Audit lab\",\"startsAt\":\""
                + now.minusSeconds(3600)
                + "\",\"endsAt\":\""
                + now.plusSeconds(30 * 86400)
                + "\"}");
    assertThat(cohort.status()).as(cohort.toString()).isEqualTo(201);
    String id = cohort.text("id");
    Api.Response rotated = ubsAdmin.post("/api/v1/cohorts/" + id + "/join-code", "");
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
    String user =
        app.admin()
            .post("/api/v1/users", "{\"email\":\"joiner@etud.univ-ubs.fr\",\"name\":\"J\"}")
            .text("id");
    Api joiner =
        app.admin()
            .as(
                app.admin()
                    .post("/api/v1/users/" + user + "/tokens", "{\"name\":\"t\"}")
                    .text("token"));
    Api.Response joined =
        joiner.post("/api/v1/join", "{\"code\":\"" + rotated.text("joinCode") + "\"}");
    assertThat(joined.status()).as(joined.toString()).isEqualTo(200);

    JsonNode created =
        only(entries("actor=admin@univ-ubs.fr&action=/cohorts" + since), "slug=ubs", 201);
    assertThat(created.path("action").asString())
        .isEqualTo("POST /api/v1/institutions/{slug}/cohorts");
    assertThat(created.path("institution").asString()).isEqualTo("ubs");
    JsonNode rotation = only(entries("action=join-code" + since), "id=" + id, 200);
    assertThat(rotation.path("institution").asString()).isEqualTo("ubs");
    JsonNode join =
        only(
            entries("actor=joiner@etud.univ-ubs.fr&action=POST%20/api/v1/join" + since), null, 200);
    assertThat(join.path("institution").asString()).isEqualTo("ubs");

    List<String> rows =
        app.jdbi()
            .withHandle(
                h -> h.createQuery("select a::text from audit_log a").mapTo(String.class).list());
    for (String code : List.of(cohort.text("joinCode"), rotated.text("joinCode"))) {
      assertThat(code).isNotBlank();
      assertThat(rows).as("rows containing a join code").noneMatch(row -> row.contains(code));
    }
  }

  @Test
  void refusedAndUnauthenticatedRequestsAreRecordedToo() {
    Api bob = fixtures.member("ubs", "bob@univ-ubs.fr", "member");
    Api.Response refused = bob.post("/api/v1/sandboxes", "{\"template\":\"no-such-template\"}");
    assertThat(refused.status()).isEqualTo(400);
    JsonNode create =
        only(entries("actor=bob@univ-ubs.fr&action=POST%20/api/v1/sandboxes"), null, 400);
    assertThat(create.path("institution").isNull()).isTrue();

    long anonymousBefore = anonymousEntries(401);
    Api.Response anonymous = bob.as(null).post("/api/v1/sandboxes", "{\"template\":\"starter\"}");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymousEntries(401)).isEqualTo(anonymousBefore + 1);
    JsonNode newest = entries("action=POST%20/api/v1/sandboxes&limit=1").get(0);
    assertThat(newest.path("status").asInt()).isEqualTo(401);
    assertThat(newest.path("actorId").isNull()).isTrue();
    assertThat(newest.path("actorEmail").isNull()).isTrue();

    assertThat(bob.post("/api/v1/nowhere", "{}").status()).isEqualTo(404);
    only(entries("actor=bob@univ-ubs.fr&action=unmatched"), null, 404);
    assertThat(bob.delete("/api/v1/sandboxes/not-a-uuid").status()).isEqualTo(404);
    JsonNode missing = only(entries("actor=bob@univ-ubs.fr&action=DELETE"), "id=not-a-uuid", 404);
    assertThat(missing.path("institution").isNull()).isTrue();
  }

  @Test
  void noTokenSecretEverAppearsInTheLog() throws Exception {
    List<String> secrets = new ArrayList<>();
    Api.Response own = alice.post("/api/v1/tokens", "{\"name\":\"secret-test\"}");
    assertThat(own.status()).isEqualTo(201);
    secrets.add(own.text("token"));
    String userId =
        app.admin()
            .post("/api/v1/users", "{\"email\":\"carol@example.org\",\"name\":\"Carol\"}")
            .text("id");
    Api.Response forUser =
        app.admin().post("/api/v1/users/" + userId + "/tokens", "{\"name\":\"given\"}");
    assertThat(forUser.status()).isEqualTo(201);
    secrets.add(forUser.text("token"));
    secrets.add(TestApp.ADMIN_TOKEN);
    // A secret in the query string, and one sent as a wrong bearer token, are not kept either.
    assertThat(
            alice.post("/api/v1/tokens?token=" + secrets.get(0), "{\"name\":\"query\"}").status())
        .isEqualTo(201);
    String wrong = "estran_not-a-real-token-but-secret-all-the-same";
    secrets.add(wrong);
    assertThat(alice.as(wrong).post("/api/v1/tokens", "{\"name\":\"x\"}").status()).isEqualTo(401);
    HttpRequest withPassword =
        HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/v1/tokens"))
            .header("Authorization", "Basic " + "YWxpY2U6aHVudGVyMg==")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"hunter2\"}"))
            .build();
    assertThat(
            HttpClient.newHttpClient()
                .send(withPassword, HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(401);
    secrets.add("YWxpY2U6aHVudGVyMg==");
    secrets.add("hunter2");

    List<String> rows =
        app.jdbi()
            .withHandle(
                h -> h.createQuery("select a::text from audit_log a").mapTo(String.class).list());
    assertThat(rows).as("the audit log has the token requests").hasSizeGreaterThan(5);
    for (String secret : secrets) {
      assertThat(rows).as("rows containing a secret").noneMatch(row -> row.contains(secret));
    }
    String tokenHashes =
        "select count(*) from audit_log a join api_tokens t on strpos(a::text, t.token_hash) > 0";
    int withHash =
        app.jdbi().withHandle(h -> h.createQuery(tokenHashes).mapTo(Integer.class).one());
    assertThat(withHash).isZero();
  }

  @Test
  void theLogIsAppendOnly() {
    assertThat(app.admin().post("/api/v1/tokens", "{\"name\":\"one-more\"}").status())
        .isEqualTo(201);
    int rows = count();
    assertThat(rows).isPositive();
    for (String sql :
        List.of(
            "update audit_log set status = 200",
            "update audit_log set actor_email = null where id = (select max(id) from audit_log)",
            "delete from audit_log",
            "delete from audit_log where id = (select min(id) from audit_log)",
            "truncate audit_log")) {
      assertThatThrownBy(() -> app.jdbi().useHandle(h -> h.execute(sql)))
          .as(sql)
          .hasMessageContaining("append-only");
    }
    assertThat(count()).isEqualTo(rows);
  }

  // --- reading it

  @Test
  void filtersAndPagingWalkTheLogNewestFirst() {
    Api paula = fixtures.member("ubs", "paula@univ-ubs.fr", "member");
    Instant from = app.clock().instant();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(paula.post("/api/v1/tokens", "{\"name\":\"t" + i + "\"}").text("id"));
    }
    assertThat(paula.delete("/api/v1/tokens/" + ids.get(0)).status()).isEqualTo(204);
    Instant to = app.clock().instant().plusMillis(1);

    JsonNode all = page("actor=PAULA@univ-ubs.fr&limit=500");
    assertThat(all.path("entries").size()).isEqualTo(6);
    assertThat(all.path("next").isNull()).isTrue();
    List<Long> allIds =
        all.path("entries").findValues("id").stream().map(JsonNode::asLong).toList();
    assertThat(allIds).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(all.path("entries").get(0).path("action").asString())
        .isEqualTo("DELETE /api/v1/tokens/{id}");

    List<Long> walked = new ArrayList<>();
    String query = "actor=paula@univ-ubs.fr&limit=4";
    JsonNode first = page(query);
    first.path("entries").forEach(e -> walked.add(e.path("id").asLong()));
    assertThat(first.path("next").asLong()).isEqualTo(walked.get(3));
    JsonNode second = page(query + "&before=" + first.path("next").asLong());
    second.path("entries").forEach(e -> walked.add(e.path("id").asLong()));
    assertThat(second.path("entries").size()).isEqualTo(2);
    assertThat(second.path("next").isNull()).isTrue();
    assertThat(walked).isEqualTo(allIds);

    assertThat(page("actor=paula@univ-ubs.fr&action=delete").path("entries").size()).isEqualTo(1);
    assertThat(page("actor=paula@univ-ubs.fr&action=POST%20/api/v1/tokens").path("entries").size())
        .isEqualTo(5);
    assertThat(page("actor=paula@univ-ubs.fr&from=" + from + "&to=" + to).path("entries").size())
        .isEqualTo(6);
    assertThat(page("actor=paula@univ-ubs.fr&from=" + to).path("entries").size()).isZero();
    assertThat(page("actor=paula@univ-ubs.fr&to=" + from).path("entries").size()).isZero();
    assertThat(page("actor=nobody@univ-ubs.fr").path("entries").size()).isZero();
  }

  @Test
  void badFiltersAreRefusedNamingTheField() {
    for (String[] bad :
        List.of(
            new String[] {"limit=0", "limit"},
            new String[] {"limit=501", "limit"},
            new String[] {"limit=ten", "limit"},
            new String[] {"before=0", "before"},
            new String[] {"before=x", "before"},
            new String[] {"from=yesterday", "from"},
            new String[] {"to=2026-13-01", "to"},
            new String[] {"from=2026-11-28T10:00:00Z&to=2026-11-28T09:00:00Z", "to"})) {
      Api.Response response = app.admin().get("/api/v1/audit?" + bad[0]);
      assertThat(response.status()).as(bad[0]).isEqualTo(400);
      assertThat(response.errorCode()).isEqualTo("invalid_request");
      assertThat(response.json().path("error").path("details").path("fields").has(bad[1]))
          .as(bad[0])
          .isTrue();
    }
    assertThat(app.admin().get("/api/v1/audit?institution=atlantis").status()).isEqualTo(404);
  }

  @Test
  void institutionAdminsReadTheirInstitutionsEntriesOnly() {
    fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT1H\"}");
    fixtures.sandbox(mallory, "{\"template\":\"starter\",\"duration\":\"PT1H\"}");

    JsonNode ubs = page("limit=500", ubsAdmin).path("entries");
    assertThat(ubs.size()).isPositive();
    assertThat(ubs.findValuesAsString("institution")).containsOnly("ubs");
    assertThat(ubs.findValuesAsString("actorEmail"))
        .contains("alice@univ-ubs.fr")
        .doesNotContain("mallory@imt-atlantique.fr");
    assertThat(page("institution=ubs&limit=500", ubsAdmin).path("entries").size())
        .isEqualTo(ubs.size());
    JsonNode imt = page("limit=500", imtAdmin).path("entries");
    assertThat(imt.findValuesAsString("institution")).containsOnly("imt");
    assertThat(imt.findValuesAsString("actorEmail")).contains("mallory@imt-atlantique.fr");

    Api.Response other = ubsAdmin.get("/api/v1/audit?institution=imt");
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.errorCode()).isEqualTo("not_found");
    assertThat(alice.get("/api/v1/audit").status()).isEqualTo(403);
    assertThat(mallory.get("/api/v1/audit?institution=imt").status()).isEqualTo(403);
    assertThat(alice.as(null).get("/api/v1/audit").status()).isEqualTo(401);

    // An admin of imt who is a mere member of ubs sees ubs, but may not read its log.
    assertThat(
            app.admin()
                .post(
                    "/api/v1/institutions/ubs/members",
                    "{\"email\":\"admin@imt-atlantique.fr\",\"role\":\"member\"}")
                .status())
        .isEqualTo(201);
    assertThat(imtAdmin.get("/api/v1/audit?institution=ubs").status()).isEqualTo(403);
    assertThat(page("limit=500", imtAdmin).path("entries").findValuesAsString("institution"))
        .containsOnly("imt");
  }

  // --- helpers

  private static JsonNode page(String query) {
    return page(query, app.admin());
  }

  private static JsonNode page(String query, Api caller) {
    Api.Response response = caller.get("/api/v1/audit?" + query);
    assertThat(response.status()).as(query + " -> " + response).isEqualTo(200);
    return response.json();
  }

  /** Every entry the platform admin reads with these filters. */
  private static List<JsonNode> entries(String query) {
    List<JsonNode> entries = new ArrayList<>();
    page(query.replace("{", "%7B").replace("}", "%7D")
            + (query.contains("limit=") ? "" : "&limit=500"))
        .path("entries")
        .forEach(entries::add);
    return entries;
  }

  /** The one entry with this target and status. */
  private static JsonNode only(List<JsonNode> entries, String target, int status) {
    List<JsonNode> matching =
        entries.stream()
            .filter(
                e ->
                    target == null
                        ? e.path("target").isNull()
                        : e.path("target").asString().equals(target))
            .filter(e -> e.path("status").asInt() == status)
            .toList();
    assertThat(matching)
        .as("entries with target %s and status %d in %s", target, status, entries)
        .hasSize(1);
    return matching.get(0);
  }

  private static long anonymousEntries(int status) {
    return entries("action=POST%20/api/v1/sandboxes").stream()
        .filter(e -> e.path("actorEmail").isNull() && e.path("status").asInt() == status)
        .count();
  }

  private static String adminEmail() {
    return app.admin().get("/api/v1/me").text("email");
  }

  private static int count() {
    return app.jdbi()
        .withHandle(
            h -> h.createQuery("select count(*) from audit_log").mapTo(Integer.class).one());
  }
}
