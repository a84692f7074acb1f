package bzh.estran.membership;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, item 1: an institution admin cannot take over anyone's access. They enrol new people and
 * people who belong to no other institution; someone of another institution, or a platform admin,
 * only a platform admin may add (or the person joins with a join code). Removing a member revokes
 * their tokens only when they belong nowhere else, and never a platform admin's.
 */
class MemberTakeoverApiTest {

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api ubsAdmin;
  private static int counter;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    fixtures.institution("imt");
    ubsAdmin = fixtures.member("ubs", "admin@univ-ubs.fr", "institution-admin");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String email(String domain) {
    return "person" + (++counter) + "@" + domain;
  }

  private static Api.Response enrol(Api who, String slug, String email) {
    return who.post(
        "/api/v1/institutions/" + slug + "/members",
        "{\"email\":\"" + email + "\",\"role\":\"member\"}");
  }

  private static long memberships(String email) {
    return app.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "select count(*) from memberships m join users u on u.id = m.user_id"
                            + " where u.email = :email")
                    .bind("email", email)
                    .mapTo(Long.class)
                    .one());
  }

  @Test
  void anInstitutionAdminCannotEnrolAUserOfAnotherInstitution() {
    String victim = email("imt-atlantique.fr");
    Api imtMember = fixtures.member("imt", victim, "member");

    Api.Response refused = enrol(ubsAdmin, "ubs", victim);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
    assertThat(refused.errorCode()).isEqualTo("forbidden");
    assertThat(refused.json().path("error").path("message").asString())
        .contains("platform admin")
        .contains("join code");
    assertThat(refused.body()).as("nothing of the user is shown").doesNotContain("\"id\"");
    assertThat(memberships(victim)).isEqualTo(1);

    Api.Response sandbox =
        imtMember.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"duration\":\"PT1H\"}");
    assertThat(sandbox.status())
        .as("the victim still creates sandboxes without naming an institution: " + sandbox)
        .isEqualTo(202);
  }

  @Test
  void anInstitutionAdminCannotEnrolAPlatformAdmin() {
    Api.Response bootstrap = enrol(ubsAdmin, "ubs", "admin@estran.local");
    assertThat(bootstrap.status()).as(bootstrap.toString()).isEqualTo(403);
    assertThat(memberships("admin@estran.local")).isZero();

    String other = email("estran.example");
    Api.Response made =
        app.admin().post("/api/v1/users", "{\"email\":\"" + other + "\",\"name\":\"Ops\"}");
    assertThat(made.status()).isEqualTo(201);
    app.jdbi()
        .useHandle(
            h ->
                h.createUpdate("update users set platform_admin = true where email = :email")
                    .bind("email", other)
                    .execute());
    assertThat(enrol(ubsAdmin, "ubs", other).status()).isEqualTo(403);
    assertThat(memberships(other)).isZero();
  }

  @Test
  void anInstitutionAdminEnrolsNewPeopleAndPeopleOfNoInstitution() {
    String fresh = email("univ-ubs.fr");
    Api.Response added = enrol(ubsAdmin, "ubs", fresh);
    assertThat(added.status()).as(added.toString()).isEqualTo(201);

    String loner = email("univ-ubs.fr");
    assertThat(
            app.admin()
                .post("/api/v1/users", "{\"email\":\"" + loner + "\",\"name\":\"Loner\"}")
                .status())
        .isEqualTo(201);
    assertThat(enrol(ubsAdmin, "ubs", loner).status()).isEqualTo(201);
    assertThat(enrol(ubsAdmin, "ubs", loner).status()).as("already a member").isEqualTo(409);
  }

  @Test
  void aPlatformAdminMayEnrolAUserOfAnotherInstitution() {
    String both = email("imt-atlantique.fr");
    fixtures.member("imt", both, "member");
    Api.Response added = enrol(app.admin(), "ubs", both);
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    assertThat(memberships(both)).isEqualTo(2);
  }

  @Test
  void removalFromOneInstitutionLeavesTheTokensOfSomeoneWhoBelongsElsewhere() {
    String both = email("imt-atlantique.fr");
    Api person = fixtures.member("imt", both, "member");
    Api.Response added = enrol(app.admin(), "ubs", both);
    String id = added.json().path("user").path("id").asString();

    Api.Response removed = ubsAdmin.delete("/api/v1/institutions/ubs/members/" + id);
    assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
    assertThat(removed.json().path("revokedTokens").asInt()).isZero();
    assertThat(person.get("/api/v1/me").status())
        .as("their token still works: they are a member of imt")
        .isEqualTo(200);
  }

  @Test
  void removalFromTheirOnlyInstitutionRevokesTheirTokens() {
    String only = email("univ-ubs.fr");
    Api person = fixtures.member("ubs", only, "member");
    String id = person.get("/api/v1/me").text("id");

    Api.Response removed = ubsAdmin.delete("/api/v1/institutions/ubs/members/" + id);
    assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
    assertThat(removed.json().path("revokedTokens").asInt()).isEqualTo(1);
    assertThat(person.get("/api/v1/me").status()).isEqualTo(401);
  }

  @Test
  void anInstitutionAdminCannotRemoveOrDemoteAPlatformAdminAndRemovalNeverRevokesTheirTokens() {
    String email = email("estran.example");
    Api.Response enrolled = enrol(app.admin(), "ubs", email);
    assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(201);
    String id = enrolled.json().path("user").path("id").asString();
    app.jdbi()
        .useHandle(
            h ->
                h.createUpdate("update users set platform_admin = true where id = :id::uuid")
                    .bind("id", id)
                    .execute());
    Api.Response token = app.admin().post("/api/v1/users/" + id + "/tokens", "{\"name\":\"ops\"}");
    Api operator = app.admin().as(token.text("token"));
    assertThat(operator.get("/api/v1/me").json().path("platformAdmin").asBoolean()).isTrue();

    assertThat(ubsAdmin.delete("/api/v1/institutions/ubs/members/" + id).status()).isEqualTo(403);
    assertThat(
            ubsAdmin
                .put("/api/v1/institutions/ubs/members/" + id, "{\"role\":\"institution-admin\"}")
                .status())
        .isEqualTo(403);
    assertThat(memberships(email)).isEqualTo(1);

    Api.Response removed = app.admin().delete("/api/v1/institutions/ubs/members/" + id);
    assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
    assertThat(removed.json().path("revokedTokens").asInt()).isZero();
    assertThat(operator.get("/api/v1/me").status()).isEqualTo(200);
  }
}
