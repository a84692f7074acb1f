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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Institutions and their members over HTTP: who may create, see and add what. */
class InstitutionApiTest {

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api admin;
  private static Api ubsAdmin;
  private static Api ubsMember;
  private static Api ubsManager;
  private static Api imtMember;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    admin = app.admin();
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    fixtures.institution("imt");
    ubsAdmin = fixtures.member("ubs", "admin@univ-ubs.fr", "institution-admin");
    ubsMember = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
    ubsManager = fixtures.member("ubs", "manager@univ-ubs.fr", "cohort-manager");
    imtMember = fixtures.member("imt", "mallory@imt-atlantique.fr", "member");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String institution(String slug, String name, String kind) {
    return "{\"slug\":\"" + slug + "\",\"name\":\"" + name + "\",\"kind\":\"" + kind + "\"}";
  }

  private static JsonNode fields(Api.Response response) {
    return response.json().path("error").path("details").path("fields");
  }

  private static List<String> slugs(Api.Response list) {
    assertThat(list.status()).as(list.toString()).isEqualTo(200);
    return list.json().findValuesAsString("slug");
  }

  // --- create

  @Test
  void thePlatformAdminCreatesAnInstitution() {
    Instant before = app.clock().instant().minusSeconds(1);
    Api.Response created =
        admin.post(
            "/api/v1/institutions",
            institution("french-tech-brest", "French Tech Brest+", "incubator"));

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode body = created.json();
    assertThat(body.propertyNames()).contains("id", "slug", "name", "kind", "createdAt");
    assertThat(body.path("id").asString()).matches("[0-9a-f-]{36}");
    assertThat(body.path("slug").asString()).isEqualTo("french-tech-brest");
    assertThat(body.path("name").asString()).isEqualTo("French Tech Brest+");
    assertThat(body.path("kind").asString()).isEqualTo("incubator");
    assertThat(Instant.parse(body.path("createdAt").asString()))
        .isBetween(before, app.clock().instant().plus(Duration.ofSeconds(1)));

    Api.Response shown = admin.get("/api/v1/institutions/french-tech-brest");
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.json()).isEqualTo(body);
  }

  @Test
  void everyKindOfTheContractIsAccepted() {
    for (String kind : List.of("university", "incubator", "public-body", "company")) {
      Api.Response created =
          admin.post("/api/v1/institutions", institution("kind-" + kind, "K", kind));
      assertThat(created.status()).as(kind + ": " + created).isEqualTo(201);
      assertThat(created.text("kind")).isEqualTo(kind);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "slug with capitals | {\"slug\":\"Rennes\",\"name\":\"Rennes\",\"kind\":\"university\"} | slug",
        "slug of 33 chars   | {\"slug\":\"abcdefghijklmnopqrstuvwxyz0123456\",\"name\":\"Long\",\"kind\":\"university\"} | slug",
        "slug ending in -   | {\"slug\":\"rennes-\",\"name\":\"Rennes\",\"kind\":\"university\"} | slug",
        "missing slug       | {\"name\":\"Rennes\",\"kind\":\"university\"} | slug",
        "bad kind           | {\"slug\":\"rennes\",\"name\":\"Rennes\",\"kind\":\"school\"} | kind",
        "kind in capitals   | {\"slug\":\"rennes\",\"name\":\"Rennes\",\"kind\":\"University\"} | kind",
        "missing kind       | {\"slug\":\"rennes\",\"name\":\"Rennes\"} | kind",
        "missing name       | {\"slug\":\"rennes\",\"kind\":\"university\"} | name",
        "blank name         | {\"slug\":\"rennes\",\"name\":\"  \",\"kind\":\"university\"} | name",
      })
  void anInvalidFieldIsNamed(String what, String body, String field) {
    Api.Response response = admin.post("/api/v1/institutions", body);
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("invalid_request");
    assertThat(fields(response).propertyNames()).containsExactly(field);
    assertThat(fields(response).path(field).asString()).isNotBlank();
    assertThat(admin.get("/api/v1/institutions/rennes").status()).isEqualTo(404);
  }

  @Test
  void allInvalidFieldsAreNamedAtOnce() {
    Api.Response response =
        admin.post("/api/v1/institutions", "{\"slug\":\"A B\",\"kind\":\"club\"}");
    assertThat(response.status()).isEqualTo(400);
    assertThat(fields(response).propertyNames()).containsExactlyInAnyOrder("slug", "name", "kind");
  }

  @Test
  void aThirtyTwoCharacterSlugIsFine() {
    String slug = "abcdefghijklmnopqrstuvwxyz012345";
    Api.Response created = admin.post("/api/v1/institutions", institution(slug, "Long", "company"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  @Test
  void aTakenSlugIsAConflict() {
    Api.Response duplicate =
        admin.post("/api/v1/institutions", institution("ubs", "Another UBS", "company"));
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.errorCode()).isEqualTo("conflict");
    assertThat(admin.get("/api/v1/institutions/ubs").text("name")).isEqualTo("Institution ubs");
  }

  @Test
  void onlyThePlatformAdminCreatesInstitutions() {
    for (Api caller : List.of(ubsAdmin, ubsMember, imtMember)) {
      Api.Response response =
          caller.post("/api/v1/institutions", institution("rogue", "Rogue", "company"));
      assertThat(response.status()).as(response.toString()).isEqualTo(403);
      assertThat(response.errorCode()).isEqualTo("forbidden");
    }
    assertThat(admin.get("/api/v1/institutions/rogue").status()).isEqualTo(404);
  }

  // --- list and show

  @Test
  void thePlatformAdminSeesEveryInstitution() {
    List<String> slugs = slugs(admin.get("/api/v1/institutions"));
    assertThat(slugs).contains("ubs", "imt");
    assertThat(admin.get("/api/v1/institutions").json().get(0).propertyNames())
        .contains("id", "slug", "name", "kind", "createdAt");
  }

  @Test
  void aMemberSeesOnlyTheirInstitutions() {
    assertThat(slugs(ubsMember.get("/api/v1/institutions"))).containsExactly("ubs");
    assertThat(slugs(ubsAdmin.get("/api/v1/institutions"))).containsExactly("ubs");
    assertThat(slugs(imtMember.get("/api/v1/institutions"))).containsExactly("imt");
  }

  @Test
  void aMemberSeesTheirOwnInstitution() {
    Api.Response own = ubsMember.get("/api/v1/institutions/ubs");
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.text("slug")).isEqualTo("ubs");
    assertThat(own.text("kind")).isEqualTo("university");
  }

  @Test
  void aForeignInstitutionLooksExactlyLikeAnUnknownOne() {
    Api.Response foreign = ubsMember.get("/api/v1/institutions/imt");
    Api.Response unknown = ubsMember.get("/api/v1/institutions/nowhere");

    assertThat(foreign.status()).isEqualTo(404);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(foreign.errorCode()).isEqualTo("not_found");
    assertThat(foreign.json().path("error").path("details"))
        .isEqualTo(unknown.json().path("error").path("details"));
    assertThat(foreign.json().path("error").path("message").asString().replace("imt", "<slug>"))
        .isEqualTo(
            unknown.json().path("error").path("message").asString().replace("nowhere", "<slug>"));
    assertThat(foreign.body().replace("imt", "<slug>"))
        .isEqualTo(unknown.body().replace("nowhere", "<slug>"));
    assertThat(admin.get("/api/v1/institutions/imt").status()).isEqualTo(200);
  }

  // --- members

  @Test
  void anInstitutionAdminAddsAMemberUnknownSoFar() {
    Api.Response added =
        ubsAdmin.post(
            "/api/v1/institutions/ubs/members",
            "{\"email\":\"newcomer@univ-ubs.fr\",\"role\":\"member\"}");

    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    JsonNode body = added.json();
    assertThat(body.path("institution").asString()).isEqualTo("ubs");
    assertThat(body.path("role").asString()).isEqualTo("member");
    assertThat(body.path("user").path("email").asString()).isEqualTo("newcomer@univ-ubs.fr");
    String userId = body.path("user").path("id").asString();
    assertThat(userId).matches("[0-9a-f-]{36}");

    // the user now exists: the admin can issue them a token, and they see their membership
    Api.Response token = admin.post("/api/v1/users/" + userId + "/tokens", "{\"name\":\"t\"}");
    assertThat(token.status()).isEqualTo(201);
    JsonNode me = admin.as(token.text("token")).get("/api/v1/me").json();
    assertThat(me.path("email").asString()).isEqualTo("newcomer@univ-ubs.fr");
    assertThat(me.path("memberships").findValuesAsString("institution")).containsExactly("ubs");
    assertThat(me.path("memberships").findValuesAsString("role")).containsExactly("member");
    Api.Response again =
        admin.post("/api/v1/users", "{\"email\":\"newcomer@univ-ubs.fr\",\"name\":\"N\"}");
    assertThat(again.status()).isEqualTo(409);
  }

  @Test
  void anExistingUserIsAddedWithoutBeingCreatedAgain() {
    Api.Response user =
        admin.post("/api/v1/users", "{\"email\":\"existing@univ-ubs.fr\",\"name\":\"Existing\"}");
    assertThat(user.status()).isEqualTo(201);
    Api.Response added =
        ubsAdmin.post(
            "/api/v1/institutions/ubs/members",
            "{\"email\":\"Existing@Univ-UBS.fr\",\"role\":\"cohort-manager\"}");
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    assertThat(added.json().path("user").path("id").asString()).isEqualTo(user.text("id"));
    assertThat(added.json().path("user").path("name").asString()).isEqualTo("Existing");
    assertThat(added.text("role")).isEqualTo("cohort-manager");
  }

  @Test
  void thePlatformAdminAddsMembersAnywhere() {
    Api.Response added =
        admin.post(
            "/api/v1/institutions/imt/members",
            "{\"email\":\"prof@imt-atlantique.fr\",\"role\":\"institution-admin\"}");
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    assertThat(added.text("role")).isEqualTo("institution-admin");
    Api.Response unknown =
        admin.post(
            "/api/v1/institutions/nowhere/members",
            "{\"email\":\"prof@imt-atlantique.fr\",\"role\":\"member\"}");
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void plainMembersAndCohortManagersCannotAddMembers() {
    for (Api caller : List.of(ubsMember, ubsManager)) {
      Api.Response response =
          caller.post(
              "/api/v1/institutions/ubs/members",
              "{\"email\":\"intruder@univ-ubs.fr\",\"role\":\"member\"}");
      assertThat(response.status()).as(response.toString()).isEqualTo(403);
      assertThat(response.errorCode()).isEqualTo("forbidden");
    }
    Api.Response check =
        admin.post("/api/v1/users", "{\"email\":\"intruder@univ-ubs.fr\",\"name\":\"I\"}");
    assertThat(check.status()).as("no user was made by the refused calls").isEqualTo(201);
  }

  @Test
  void anAdminCannotAddMembersToAForeignInstitution() {
    Api.Response foreign =
        ubsAdmin.post(
            "/api/v1/institutions/imt/members",
            "{\"email\":\"spy@univ-ubs.fr\",\"role\":\"member\"}");
    Api.Response unknown =
        ubsAdmin.post(
            "/api/v1/institutions/nowhere/members",
            "{\"email\":\"spy@univ-ubs.fr\",\"role\":\"member\"}");
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.errorCode()).isEqualTo("not_found");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(foreign.body().replace("imt", "<slug>"))
        .isEqualTo(unknown.body().replace("nowhere", "<slug>"));
  }

  @Test
  void aSecondMembershipIsAConflict() {
    Api.Response duplicate =
        ubsAdmin.post(
            "/api/v1/institutions/ubs/members",
            "{\"email\":\"alice@univ-ubs.fr\",\"role\":\"cohort-manager\"}");
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.errorCode()).isEqualTo("conflict");
    Api.Response otherCase =
        ubsAdmin.post(
            "/api/v1/institutions/ubs/members",
            "{\"email\":\"ALICE@univ-ubs.fr\",\"role\":\"member\"}");
    assertThat(otherCase.status()).isEqualTo(409);
    // the existing role is kept
    assertThat(ubsMember.get("/api/v1/me").json().path("memberships").findValuesAsString("role"))
        .containsExactly("member");
  }

  @Test
  void aBadRoleOrEmailIsNamed() {
    Api.Response badRole =
        ubsAdmin.post(
            "/api/v1/institutions/ubs/members",
            "{\"email\":\"someone@univ-ubs.fr\",\"role\":\"owner\"}");
    assertThat(badRole.status()).isEqualTo(400);
    assertThat(badRole.errorCode()).isEqualTo("invalid_request");
    assertThat(fields(badRole).propertyNames()).containsExactly("role");

    Api.Response platformAdminRole =
        ubsAdmin.post(
            "/api/v1/institutions/ubs/members",
            "{\"email\":\"someone@univ-ubs.fr\",\"role\":\"platform-admin\"}");
    assertThat(fields(platformAdminRole).has("role")).isTrue();

    Api.Response badEmail =
        ubsAdmin.post(
            "/api/v1/institutions/ubs/members", "{\"email\":\"someone\",\"role\":\"member\"}");
    assertThat(badEmail.status()).isEqualTo(400);
    assertThat(fields(badEmail).propertyNames()).containsExactly("email");

    Api.Response missing = ubsAdmin.post("/api/v1/institutions/ubs/members", "{}");
    assertThat(fields(missing).propertyNames()).containsExactlyInAnyOrder("email", "role");
    Api.Response created =
        admin.post("/api/v1/users", "{\"email\":\"someone@univ-ubs.fr\",\"name\":\"S\"}");
    assertThat(created.status()).as("no user was made by the refused calls").isEqualTo(201);
  }
}
