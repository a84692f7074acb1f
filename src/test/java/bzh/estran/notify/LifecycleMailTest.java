package bzh.estran.notify;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import bzh.estran.testing.TestSmtp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mails at turns of a sandbox's life: READY after a long provisioning, FAILED, deleted by the end
 * of its cohort or by its owner's off-boarding. Against a real SMTP server (GreenMail).
 */
class LifecycleMailTest {

  private static TestSmtp smtp;
  private static TestApp app;
  private static Fixtures fixtures;
  private static Api ubsAdmin;
  private static int counter;

  @BeforeAll
  static void start() {
    smtp = TestSmtp.start();
    Map<String, String> env = new HashMap<>(smtp.settings());
    env.put("ESTRAN_NOTICE_INTERVAL", "PT0.2S");
    env.put("ESTRAN_PROVISIONING_ATTEMPTS", "3");
    env.put("ESTRAN_PROVISIONING_BACKOFF", "PT1S");
    env.put("ESTRAN_EXPIRY_WARNINGS", "");
    app = TestApp.start(env);
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    ubsAdmin = fixtures.member("ubs", "admin@univ-ubs.fr", "institution-admin");
  }

  @AfterAll
  static void stop() {
    app.close();
    smtp.close();
  }

  @Test
  void aSandboxReadyAfterALongProvisioningIsAnnounced() {
    String email = email();
    Api member = fixtures.member("ubs", email, "member");
    app.faults().failAlways("POST", "/rolebindings", 403);
    String id = fixtures.sandbox(member, "{\"template\":\"starter\",\"duration\":\"PT8H\"}");
    Eventually.await(
        "a failed attempt", () -> eventTypes(member, id).contains("PROVISIONING_RETRY"));
    app.clock().advance(Duration.ofMinutes(10)); // the cluster was slow: ten minutes pass
    app.faults().clear();
    fixtures.awaitState(member, id, "READY");

    TestSmtp.Received mail = awaitMail(email);
    assertThat(mail.subject()).isEqualTo("Votre bac à sable " + name(member, id) + " est prêt");
    assertThat(mail.text()).contains("a pris 10 min").contains("/sandboxes/" + id);
  }

  @Test
  void aQuickProvisioningSendsNoMail() {
    String email = email();
    Api member = fixtures.member("ubs", email, "member");
    String quick = fixtures.sandbox(member, "{\"template\":\"starter\",\"duration\":\"PT8H\"}");
    fixtures.awaitState(member, quick, "READY");
    // then an ending that is mailed: once it arrives, the dispatcher has run past the READY
    ubsAdmin.delete("/api/v1/institutions/ubs/members/" + userId(email));
    TestSmtp.Received mail = awaitMail(email);
    assertThat(mail.subject())
        .isEqualTo("Votre bac à sable " + name(ubsAdmin, quick) + " a été supprimé");
    assertThat(smtp.to(email)).hasSize(1);
  }

  @Test
  void aFailedProvisioningIsMailedWithItsReason() {
    String email = email();
    Api member = fixtures.member("ubs", email, "member");
    app.faults().failAlways("POST", "/limitranges", 403);
    try {
      String id = fixtures.sandbox(member, "{\"template\":\"starter\",\"duration\":\"PT8H\"}");
      fixtures.awaitState(member, id, "FAILED");
      TestSmtp.Received mail = awaitMail(email);
      assertThat(mail.subject())
          .isEqualTo("Votre bac à sable " + name(member, id) + " n'a pas pu être créé");
      assertThat(mail.text()).contains("403").contains("Rien n'est décompté");
    } finally {
      app.faults().clear();
    }
  }

  @Test
  void anOffBoardingIsMailed() {
    String email = email();
    Api member = fixtures.member("ubs", email, "member");
    String id = fixtures.sandbox(member, "{\"template\":\"starter\",\"duration\":\"PT8H\"}");
    fixtures.awaitState(member, id, "READY");

    Api.Response removed = ubsAdmin.delete("/api/v1/institutions/ubs/members/" + userId(email));
    assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
    TestSmtp.Received mail = awaitMail(email);
    assertThat(mail.subject()).contains("a été supprimé");
    assertThat(mail.text()).contains("votre compte a quitté l'établissement");
  }

  @Test
  void theEndOfACohortIsMailed() {
    String email = email();
    Api teacher = fixtures.member("ubs", email, "cohort-manager");
    Instant now = app.clock().instant();
    Api.Response cohort =
        teacher.post(
            "/api/v1/institutions/ubs/cohorts",
            "{\"name\":\"Lab "
                + (++counter)
                + "\",\"startsAt\":\""
                + now.minus(Duration.ofDays(1))
                + "\",\"endsAt\":\""
                + now.plus(Duration.ofHours(2))
                + "\"}");
    assertThat(cohort.status()).as(cohort.toString()).isEqualTo(201);
    String id =
        fixtures.sandbox(
            teacher, "{\"template\":\"starter\",\"cohort\":\"" + cohort.text("id") + "\"}");
    fixtures.awaitState(teacher, id, "READY");

    app.clock().advance(Duration.ofHours(2).plusMinutes(1));
    fixtures.awaitState(teacher, id, "DELETED");
    TestSmtp.Received mail = awaitMail(email);
    assertThat(mail.subject()).contains("la cohorte est terminée");
    assertThat(mail.text()).contains("sa cohorte Lab " + counter + " est terminée");
  }

  private static TestSmtp.Received awaitMail(String to) {
    return Eventually.await(
            "a mail to " + to, Duration.ofSeconds(20), () -> smtp.to(to), mails -> !mails.isEmpty())
        .get(0);
  }

  private static String email() {
    return "user" + (++counter) + "@univ-ubs.fr";
  }

  private static String userId(String email) {
    return app.jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery("select id::text from users where email = ?")
                    .bind(0, email)
                    .mapTo(String.class)
                    .one());
  }

  private static String name(Api caller, String id) {
    return caller.get("/api/v1/sandboxes/" + id).text("name");
  }

  private static List<String> eventTypes(Api caller, String id) {
    return caller.get("/api/v1/sandboxes/" + id).json().path("events").findValuesAsString("type");
  }
}
