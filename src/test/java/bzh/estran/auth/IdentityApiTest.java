package bzh.estran.auth;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.auth.core.TokenSecrets;
import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who is calling, personal API tokens and users, over HTTP; and the unauthenticated ops endpoints.
 */
class IdentityApiTest {

  private static TestApp app;
  private static Api admin;
  private static Api alice;
  private static Api bob;
  private static final List<String> issuedSecrets = new ArrayList<>();

  @BeforeAll
  static void start() {
    app = TestApp.start();
    admin = app.admin();
    Fixtures fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    fixtures.institution("imt");
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
    bob = fixtures.member("imt", "bob@imt-atlantique.fr", "institution-admin");
    issuedSecrets.add(alice.token());
    issuedSecrets.add(bob.token());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static Api.Response issue(Api caller, String body) {
    Api.Response response = caller.post("/api/v1/tokens", body);
    if (response.status() == 201) {
      issuedSecrets.add(response.text("token"));
    }
    return response;
  }

  private static JsonNode fields(Api.Response response) {
    return response.json().path("error").path("details").path("fields");
  }

  // --- /me

  @Test
  void meDescribesThePlatformAdmin() {
    Api.Response me = admin.get("/api/v1/me");
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    JsonNode body = me.json();
    assertThat(body.path("email").asString()).isEqualTo("admin@estran.local");
    assertThat(body.path("platformAdmin").asBoolean()).isTrue();
    assertThat(body.path("id").asString()).matches("[0-9a-f-]{36}");
    assertThat(body.path("name").asString()).isNotBlank();
    assertThat(body.path("memberships").isArray()).isTrue();
    assertThat(body.path("memberships").isEmpty()).isTrue();
    assertThat(body.path("cohorts").isArray()).isTrue();
  }

  @Test
  void meListsAMembersInstitutionsAndRoles() {
    Api.Response me = alice.get("/api/v1/me");
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    JsonNode body = me.json();
    assertThat(body.path("email").asString()).isEqualTo("alice@univ-ubs.fr");
    assertThat(body.path("platformAdmin").asBoolean()).isFalse();
    assertThat(body.path("memberships").size()).isEqualTo(1);
    assertThat(body.path("memberships").get(0).path("institution").asString()).isEqualTo("ubs");
    assertThat(body.path("memberships").get(0).path("role").asString()).isEqualTo("member");

    Api.Response bobsMe = bob.get("/api/v1/me");
    assertThat(bobsMe.json().path("memberships").get(0).path("institution").asString())
        .isEqualTo("imt");
    assertThat(bobsMe.json().path("memberships").get(0).path("role").asString())
        .isEqualTo("institution-admin");
    assertThat(bobsMe.json().path("id").asString()).isNotEqualTo(body.path("id").asString());
  }

  @Test
  void meListsEveryMembership() {
    Fixtures fixtures = new Fixtures(app);
    Api carol = fixtures.member("ubs", "carol@univ-ubs.fr", "cohort-manager");
    issuedSecrets.add(carol.token());
    Api.Response added =
        admin.post(
            "/api/v1/institutions/imt/members",
            "{\"email\":\"carol@univ-ubs.fr\",\"role\":\"member\"}");
    assertThat(added.status()).as(added.toString()).isEqualTo(201);

    JsonNode memberships = carol.get("/api/v1/me").json().path("memberships");
    assertThat(memberships.findValuesAsString("institution"))
        .containsExactlyInAnyOrder("ubs", "imt");
    for (JsonNode membership : memberships) {
      String expectedRole =
          membership.path("institution").asString().equals("ubs") ? "cohort-manager" : "member";
      assertThat(membership.path("role").asString()).isEqualTo(expectedRole);
    }
  }

  // --- /tokens

  @Test
  void issuingATokenShowsItOnce() {
    Api.Response issued = issue(alice, "{\"name\":\"laptop\"}");
    assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
    JsonNode body = issued.json();
    assertThat(body.path("id").asString()).matches("[0-9a-f-]{36}");
    assertThat(body.path("name").asString()).isEqualTo("laptop");
    assertThat(body.path("token").asString()).startsWith("estran_").hasSizeGreaterThan(40);
    assertThat(body.has("expiresAt")).isTrue();
    assertThat(body.path("expiresAt").isNull()).isTrue();

    Api.Response withExpiry =
        issue(
            alice,
            "{\"name\":\"ci\",\"expiresAt\":\""
                + app.clock().instant().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS)
                + "\"}");
    assertThat(withExpiry.status()).as(withExpiry.toString()).isEqualTo(201);
    assertThat(Instant.parse(withExpiry.text("expiresAt")))
        .isAfter(app.clock().instant().plus(Duration.ofDays(29)));
    assertThat(withExpiry.text("token")).isNotEqualTo(body.path("token").asString());
  }

  @Test
  void aTokenNeedsAName() {
    for (String body : List.of("{}", "{\"name\":\"\"}", "{\"name\":\"   \"}", "{\"name\":null}")) {
      Api.Response response = alice.post("/api/v1/tokens", body);
      assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
      assertThat(response.errorCode()).isEqualTo("invalid_request");
      assertThat(fields(response).path("name").asString()).as(body).isNotBlank();
    }
    Api.Response tooLong = alice.post("/api/v1/tokens", "{\"name\":\"" + "n".repeat(101) + "\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(fields(tooLong).has("name")).isTrue();
  }

  @Test
  void aTokenCannotExpireInThePast() {
    String past = app.clock().instant().minus(Duration.ofMinutes(1)).toString();
    Api.Response response =
        alice.post("/api/v1/tokens", "{\"name\":\"old\",\"expiresAt\":\"" + past + "\"}");
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_request");
    assertThat(fields(response).path("expiresAt").asString()).isNotBlank();
    assertThat(fields(response).has("name")).isFalse();

    Api.Response garbage =
        alice.post("/api/v1/tokens", "{\"name\":\"x\",\"expiresAt\":\"tomorrow\"}");
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(fields(garbage).has("expiresAt")).isTrue();
  }

  @Test
  void listingTokensNeverShowsSecretsOrHashes() {
    Api.Response issued = issue(alice, "{\"name\":\"listed\"}");
    String secret = issued.text("token");

    Api.Response list = alice.get("/api/v1/tokens");
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    assertThat(list.json().isArray()).isTrue();
    assertThat(list.json().findValuesAsString("id")).contains(issued.text("id"));
    assertThat(list.json().findValuesAsString("name")).contains("listed");
    for (JsonNode token : list.json()) {
      assertThat(token.propertyNames())
          .doesNotContain("token", "hash", "tokenHash", "token_hash", "secret");
    }
    assertThat(list.body()).doesNotContain(secret).doesNotContain(TokenSecrets.hash(secret));
    assertThat(list.body())
        .doesNotContain(alice.token())
        .doesNotContain(TokenSecrets.hash(alice.token()));
  }

  @Test
  void aTokenListShowsOnlyTheCallersTokens() {
    Api.Response bobs = issue(bob, "{\"name\":\"bobs-only\"}");
    assertThat(alice.get("/api/v1/tokens").json().findValuesAsString("id"))
        .doesNotContain(bobs.text("id"));
    assertThat(bob.get("/api/v1/tokens").json().findValuesAsString("id")).contains(bobs.text("id"));
  }

  @Test
  void aRevokedTokenStopsWorking() {
    Api.Response issued = issue(alice, "{\"name\":\"short-lived\"}");
    Api viaToken = alice.as(issued.text("token"));
    Api.Response me = viaToken.get("/api/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.text("email")).isEqualTo("alice@univ-ubs.fr");

    Api.Response revoked = alice.delete("/api/v1/tokens/" + issued.text("id"));
    assertThat(revoked.status()).as(revoked.toString()).isEqualTo(204);

    Api.Response after = viaToken.get("/api/v1/me");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.errorCode()).isEqualTo("unauthorized");
    assertThat(alice.get("/api/v1/tokens").json().findValuesAsString("id"))
        .doesNotContain(issued.text("id"));
    assertThat(alice.delete("/api/v1/tokens/" + issued.text("id")).status()).isEqualTo(404);
    assertThat(alice.get("/api/v1/me").status()).isEqualTo(200);
  }

  @Test
  void aTokenCanRevokeItself() {
    Api.Response issued = issue(alice, "{\"name\":\"self\"}");
    Api viaToken = alice.as(issued.text("token"));
    assertThat(viaToken.delete("/api/v1/tokens/" + issued.text("id")).status()).isEqualTo(204);
    assertThat(viaToken.get("/api/v1/me").status()).isEqualTo(401);
  }

  @Test
  void someoneElsesTokenCannotBeRevoked() {
    Api.Response alices = issue(alice, "{\"name\":\"mine\"}");

    Api.Response byBob = bob.delete("/api/v1/tokens/" + alices.text("id"));
    assertThat(byBob.status()).isEqualTo(404);
    assertThat(byBob.errorCode()).isEqualTo("not_found");
    Api.Response byAdmin = admin.delete("/api/v1/tokens/" + alices.text("id"));
    assertThat(byAdmin.status()).isEqualTo(404);

    assertThat(alice.as(alices.text("token")).get("/api/v1/me").status()).isEqualTo(200);
    assertThat(alice.delete("/api/v1/tokens/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(alice.delete("/api/v1/tokens/not-a-uuid").status()).isEqualTo(404);
  }

  @Test
  void anExpiredTokenIsRefused() {
    Instant expiresAt = app.clock().instant().plus(Duration.ofMinutes(5));
    Api.Response issued =
        issue(alice, "{\"name\":\"expiring\",\"expiresAt\":\"" + expiresAt + "\"}");
    assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
    Api viaToken = alice.as(issued.text("token"));
    assertThat(viaToken.get("/api/v1/me").status()).isEqualTo(200);

    app.clock().advance(Duration.ofMinutes(6));

    Api.Response expired = viaToken.get("/api/v1/me");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.errorCode()).isEqualTo("unauthorized");
    assertThat(alice.get("/api/v1/me").status()).isEqualTo(200);
  }

  @Test
  void theDatabaseHoldsOnlyHashes() {
    issue(alice, "{\"name\":\"hashed\"}");
    List<String> hashes =
        app.jdbi()
            .withHandle(
                handle ->
                    handle
                        .createQuery("select token_hash from api_tokens")
                        .mapTo(String.class)
                        .list());

    assertThat(hashes).isNotEmpty().allSatisfy(hash -> assertThat(hash).matches("[0-9a-f]{64}"));
    assertThat(hashes).doesNotContainAnyElementsOf(issuedSecrets);
    assertThat(hashes).doesNotContain(TestApp.ADMIN_TOKEN);
    assertThat(hashes).contains(TokenSecrets.hash(TestApp.ADMIN_TOKEN));
    for (String secret : issuedSecrets) {
      assertThat(hashes).contains(TokenSecrets.hash(secret));
    }
    List<String> anyPlainText =
        app.jdbi()
            .withHandle(
                handle ->
                    handle
                        .createQuery("select t::text from api_tokens t")
                        .mapTo(String.class)
                        .list());
    for (String row : anyPlainText) {
      for (String secret : issuedSecrets) {
        assertThat(row).doesNotContain(secret.substring(TokenSecrets.PREFIX.length()));
      }
    }
  }

  // --- /users

  @Test
  void thePlatformAdminCreatesUsers() {
    Api.Response created =
        admin.post("/api/v1/users", "{\"email\":\"dave@univ-ubs.fr\",\"name\":\"Dave\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.text("id")).matches("[0-9a-f-]{36}");
    assertThat(created.text("email")).isEqualTo("dave@univ-ubs.fr");
    assertThat(created.text("name")).isEqualTo("Dave");

    Api.Response taken =
        admin.post("/api/v1/users", "{\"email\":\"dave@univ-ubs.fr\",\"name\":\"Dave 2\"}");
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.errorCode()).isEqualTo("conflict");

    Api.Response takenOtherCase =
        admin.post("/api/v1/users", "{\"email\":\"Dave@Univ-UBS.fr\",\"name\":\"Dave 3\"}");
    assertThat(takenOtherCase.status()).as(takenOtherCase.toString()).isEqualTo(409);
    assertThat(takenOtherCase.errorCode()).isEqualTo("conflict");

    Api.Response memberTaken =
        admin.post("/api/v1/users", "{\"email\":\"ALICE@univ-ubs.fr\",\"name\":\"A\"}");
    assertThat(memberTaken.status()).isEqualTo(409);
  }

  @Test
  void aUserNeedsAValidEmailAndAName() {
    Api.Response badEmail =
        admin.post("/api/v1/users", "{\"email\":\"not-an-email\",\"name\":\"X\"}");
    assertThat(badEmail.status()).isEqualTo(400);
    assertThat(badEmail.errorCode()).isEqualTo("invalid_request");
    assertThat(fields(badEmail).path("email").asString()).isNotBlank();
    assertThat(fields(badEmail).has("name")).isFalse();

    Api.Response noEmail = admin.post("/api/v1/users", "{\"name\":\"X\"}");
    assertThat(fields(noEmail).has("email")).isTrue();
    Api.Response noName = admin.post("/api/v1/users", "{\"email\":\"noname@univ-ubs.fr\"}");
    assertThat(noName.status()).isEqualTo(400);
    assertThat(fields(noName).has("name")).isTrue();
    assertThat(admin.post("/api/v1/users", "not json").status()).isEqualTo(400);
  }

  @Test
  void onlyThePlatformAdminCreatesUsers() {
    for (Api caller : List.of(alice, bob)) {
      Api.Response response =
          caller.post("/api/v1/users", "{\"email\":\"eve@univ-ubs.fr\",\"name\":\"Eve\"}");
      assertThat(response.status()).isEqualTo(403);
      assertThat(response.errorCode()).isEqualTo("forbidden");
    }
    Api.Response now =
        admin.post("/api/v1/users", "{\"email\":\"eve@univ-ubs.fr\",\"name\":\"Eve\"}");
    assertThat(now.status()).as("nothing was created by the refused calls").isEqualTo(201);
  }

  @Test
  void thePlatformAdminIssuesTokensForAUser() {
    Api.Response user =
        admin.post("/api/v1/users", "{\"email\":\"frank@univ-ubs.fr\",\"name\":\"Frank\"}");
    String userId = user.text("id");

    Api.Response issued =
        admin.post("/api/v1/users/" + userId + "/tokens", "{\"name\":\"onboarding\"}");
    assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
    assertThat(issued.text("name")).isEqualTo("onboarding");
    assertThat(issued.text("token")).startsWith("estran_");
    issuedSecrets.add(issued.text("token"));

    Api.Response me = admin.as(issued.text("token")).get("/api/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.text("id")).isEqualTo(userId);
    assertThat(me.text("email")).isEqualTo("frank@univ-ubs.fr");
    assertThat(me.json().path("platformAdmin").asBoolean()).isFalse();

    Api.Response noName = admin.post("/api/v1/users/" + userId + "/tokens", "{}");
    assertThat(noName.status()).isEqualTo(400);
    assertThat(fields(noName).has("name")).isTrue();
  }

  @Test
  void tokensForOthersNeedAKnownUserAndAPlatformAdmin() {
    Api.Response unknown =
        admin.post("/api/v1/users/" + UUID.randomUUID() + "/tokens", "{\"name\":\"x\"}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo("not_found");
    assertThat(admin.post("/api/v1/users/not-a-uuid/tokens", "{\"name\":\"x\"}").status())
        .isEqualTo(404);

    String bobsId = bob.get("/api/v1/me").text("id");
    Api.Response byMember = alice.post("/api/v1/users/" + bobsId + "/tokens", "{\"name\":\"x\"}");
    assertThat(byMember.status()).isEqualTo(403);
    assertThat(byMember.errorCode()).isEqualTo("forbidden");
    Api.Response byInstitutionAdmin =
        bob.post("/api/v1/users/" + bobsId + "/tokens", "{\"name\":\"x\"}");
    assertThat(byInstitutionAdmin.status()).isEqualTo(403);
  }

  // --- authentication and errors

  @Test
  void noOrABadTokenGets401WithTheContractErrorShape() {
    List<Api.Response> refused =
        List.of(
            alice.as(null).get("/api/v1/me"),
            alice.as("estran_not-a-real-token").get("/api/v1/me"),
            alice.as("").get("/api/v1/tokens"),
            alice.as(null).post("/api/v1/tokens", "{\"name\":\"x\"}"),
            alice.as(null).post("/api/v1/users", "{\"email\":\"x@y.fr\",\"name\":\"x\"}"));
    for (Api.Response response : refused) {
      assertThat(response.status()).as(response.toString()).isEqualTo(401);
      assertThat(response.contentType()).startsWith("application/json");
      assertErrorShape(response.json(), "unauthorized");
      assertThat(response.json().path("error").path("details").isEmpty()).isTrue();
    }
  }

  @Test
  void onlyBearerAuthorizationIsAccepted() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String header :
        List.of("Basic " + alice.token(), alice.token(), "Bearer", "Token " + alice.token())) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/v1/me"))
                  .header("Authorization", header)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(header).isEqualTo(401);
    }
    HttpResponse<String> lowercase =
        http.send(
            HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/v1/me"))
                .header("Authorization", "bearer " + alice.token())
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(lowercase.statusCode())
        .as("the scheme is case-insensitive (RFC 7235)")
        .isEqualTo(200);
  }

  @Test
  void anUnknownEndpointIs404WithTheErrorShape() {
    Api.Response api = admin.get("/api/v1/no-such-thing");
    assertThat(api.status()).isEqualTo(404);
    assertErrorShape(api.json(), "not_found");

    Api.Response outside = admin.as(null).get("/no-such-page");
    assertThat(outside.status()).isEqualTo(404);
    assertErrorShape(outside.json(), "not_found");
  }

  private static void assertErrorShape(JsonNode body, String code) {
    assertThat(body.propertyNames()).containsExactly("error");
    JsonNode error = body.path("error");
    assertThat(error.propertyNames()).containsExactlyInAnyOrder("code", "message", "details");
    assertThat(error.path("code").asString()).isEqualTo(code);
    assertThat(error.path("message").isString()).isTrue();
    assertThat(error.path("message").asString()).isNotBlank();
    assertThat(error.path("details").isObject()).isTrue();
  }

  // --- ops endpoints

  @Test
  void healthNeedsNoToken() {
    Api.Response health = admin.as(null).get("/healthz");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.text("status")).isEqualTo("up");
  }

  @Test
  void readinessChecksDatabaseAndCluster() {
    Api.Response ready = admin.as(null).get("/readyz");
    assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
    assertThat(ready.json().path("checks").path("database").asString()).isEqualTo("up");
    assertThat(ready.json().path("checks").path("cluster").asString()).isEqualTo("up");
  }

  @Test
  void metricsNeedTheScrapeTokenOrAPlatformAdmin() {
    assertThat(admin.as(null).get("/metrics").status()).isEqualTo(401);
    assertThat(admin.as("estran_wrong").get("/metrics").status()).isEqualTo(401);
    assertThat(admin.as(TestApp.METRICS_TOKEN).get("/metrics").status()).isEqualTo(200);
  }

  @Test
  void metricsArePrometheusText() {
    admin.get("/api/v1/me");
    Api.Response metrics = admin.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.contentType()).startsWith("text/plain");
    assertThat(metrics.body()).contains("estran_http_requests_seconds_count");
    assertThat(metrics.body()).contains("route=\"/api/v1/me\"");
  }

  @Test
  void theOpenApiDescriptionNeedsNoToken() {
    Api.Response openApi = admin.as(null).get("/api/v1/openapi.json");
    assertThat(openApi.status()).isEqualTo(200);
    assertThat(openApi.contentType()).startsWith("application/json");
    assertThat(openApi.json().path("openapi").asString()).startsWith("3.");
    assertThat(openApi.json().path("paths").has("/api/v1/me")).isTrue();
  }
}
