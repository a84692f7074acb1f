package bzh.estran.membership;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Managing members: roles, removal and deactivation, with the documented off-boarding policy. */
class MemberApiTest {

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api ubsAdmin;
  private static Api mallory;
  private static int counter;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    fixtures.institution("imt");
    ubsAdmin = fixtures.member("ubs", "admin@univ-ubs.fr", "institution-admin");
    mallory = fixtures.member("imt", "mallory@imt-atlantique.fr", "institution-admin");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String email() {
    return "member" + (++counter) + "@univ-ubs.fr";
  }

  private static String userId(String email) {
    return app.jdbi()
        .withHandle(
            h ->
                h.createQuery("select id from users where email = :email")
                    .bind("email", email)
                    .mapTo(String.class)
                    .one());
  }

  @Test
  void adminsListMembersAndChangeTheirRole() {
    String email = email();
    Api member = fixtures.member("ubs", email, "member");
    String id = userId(email);

    assertThat(ubsAdmin.get("/api/v1/institutions/ubs/members").json().findValuesAsString("email"))
        .contains(email);
    assertThat(member.get("/api/v1/institutions/ubs/members").status()).isEqualTo(403);
    assertThat(mallory.get("/api/v1/institutions/ubs/members").status()).isEqualTo(404);

    Api.Response changed =
        ubsAdmin.put("/api/v1/institutions/ubs/members/" + id, "{\"role\":\"cohort-manager\"}");
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(changed.text("role")).isEqualTo("cohort-manager");
    assertThat(member.get("/api/v1/me").json().path("memberships").get(0).path("role").asString())
        .isEqualTo("cohort-manager");
    assertThat(
            ubsAdmin.put("/api/v1/institutions/ubs/members/" + id, "{\"role\":\"king\"}").status())
        .isEqualTo(400);
    assertThat(
            member
                .put("/api/v1/institutions/ubs/members/" + id, "{\"role\":\"institution-admin\"}")
                .status())
        .isEqualTo(403);
    assertThat(
            mallory.put("/api/v1/institutions/ubs/members/" + id, "{\"role\":\"member\"}").status())
        .isEqualTo(404);
  }

  @Test
  void removingAMemberRevokesTheirTokensAndDeletesTheirSandboxesWithARefund() {
    String email = email();
    Api member = fixtures.member("ubs", email, "member");
    String running = fixtures.sandbox(member, "{\"template\":\"starter\",\"duration\":\"PT8H\"}");
    fixtures.awaitState(member, running, "READY");

    Api.Response removed = ubsAdmin.delete("/api/v1/institutions/ubs/members/" + userId(email));
    assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
    assertThat(removed.json().path("revokedTokens").asInt()).isEqualTo(1);
    assertThat(removed.json().path("deletedSandboxes").findValuesAsString("")).isEmpty();
    assertThat(removed.json().path("deletedSandboxes").get(0).asString()).isEqualTo(running);

    assertThat(member.get("/api/v1/me").status()).isEqualTo(401);
    Api.Response ended = fixtures.awaitState(ubsAdmin, running, "DELETED");
    assertThat(ended.json().path("events").findValuesAsString("message"))
        .anySatisfy(message -> assertThat(message).contains("removed from ubs"));
    BigDecimal net =
        app.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select sum(minutes) from quota_ledger where sandbox_id = cast(:id as uuid)")
                        .bind("id", running)
                        .mapTo(BigDecimal.class)
                        .one());
    assertThat(net)
        .as("the unused minutes went back to the budget")
        .isLessThan(new BigDecimal("5"));
    assertThat(ubsAdmin.delete("/api/v1/institutions/ubs/members/" + userId(email)).status())
        .isEqualTo(404);
  }

  @Test
  void aDeactivatedUserCannotSignInUntilReactivated() {
    String email = email();
    Api member = fixtures.member("ubs", email, "member");
    String id = userId(email);
    String sandbox = fixtures.sandbox(member, "{\"template\":\"starter\"}");

    assertThat(ubsAdmin.post("/api/v1/users/" + id + "/deactivate", "").status()).isEqualTo(403);
    JsonNode done = app.admin().post("/api/v1/users/" + id + "/deactivate", "").json();
    assertThat(done.path("email").asString()).isEqualTo(email);
    assertThat(member.get("/api/v1/me").status()).isEqualTo(401);
    fixtures.awaitState(ubsAdmin, sandbox, "DELETED");

    assertThat(app.admin().post("/api/v1/users/" + id + "/activate", "").status()).isEqualTo(200);
    assertThat(member.get("/api/v1/me").status()).as("old tokens stay revoked").isEqualTo(401);
    String token =
        app.admin().post("/api/v1/users/" + id + "/tokens", "{\"name\":\"again\"}").text("token");
    assertThat(member.as(token).get("/api/v1/me").status()).isEqualTo(200);
  }
}
