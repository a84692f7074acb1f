package bzh.estran.notify;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import bzh.estran.testing.TestSmtp;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Expiry warnings against a real SMTP server (GreenMail): at each lead still ahead, once, in the
 * owner's language, with the extend link and the command to save work; across a restart and an SMTP
 * outage. The clock is moved, never waited for.
 */
class ExpiryWarningMailTest {

  private static final String PUBLIC_URL = "https://estran.example.org";

  private TestSmtp smtp;
  private TestApp app;
  private Fixtures fixtures;

  @BeforeEach
  void start() {
    smtp = TestSmtp.start();
    Map<String, String> env = new HashMap<>(smtp.settings());
    env.put("ESTRAN_PUBLIC_URL", PUBLIC_URL);
    env.put("ESTRAN_NOTICE_INTERVAL", "PT0.2S");
    app = TestApp.start(env);
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
  }

  @AfterEach
  void stop() {
    app.close();
    smtp.close();
  }

  @Test
  void eachWarningIsMailedOnceWithTheExtendLinkAndTheCommandToSaveWork() {
    Api alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT48H\"}");
    String namespace = fixtures.awaitState(alice, id, "READY").text("namespace");
    assertThat(leads(id)).containsExactlyInAnyOrder("PT24H", "PT1H");

    app.clock().advance(Duration.ofHours(24).plusMinutes(1));
    TestSmtp.Received first = awaitMails("alice@univ-ubs.fr", 1).get(0);
    assertThat(first.subject()).startsWith("Votre bac à sable ").contains("expire dans 23 h 59");
    assertThat(first.text())
        .contains("Bonjour alice,")
        .contains(PUBLIC_URL + "/sandboxes/" + id)
        .contains(PUBLIC_URL + "/api/v1/sandboxes/" + id + "/extend")
        .contains("kubectl --kubeconfig kubeconfig.yaml -n " + namespace + " get all");
    assertThat(first.html())
        .contains("<a href=\"" + PUBLIC_URL + "/sandboxes/" + id + "\">")
        .contains("<pre>kubectl --kubeconfig kubeconfig.yaml -n " + namespace);
    // the mail leaves before the transaction that writes the event and marks the notice sent ends
    Eventually.await(
        "the warning's event is committed", () -> eventTypes(alice, id).contains("EXPIRY_WARNING"));
    assertThat(eventTypes(alice, id)).containsSubsequence("READY", "EXPIRY_WARNING");

    app.clock().advance(Duration.ofHours(23));
    TestSmtp.Received second = awaitMails("alice@univ-ubs.fr", 2).get(1);
    assertThat(second.subject()).contains("expire dans 59 min");

    // after a restart, a new warning (bob's) goes out and alice's are not sent again
    app.restart();
    Api bob = alice.as(fixtures.member("ubs", "bob@univ-ubs.fr", "member").token());
    String control = fixtures.sandbox(bob, "{\"template\":\"starter\",\"duration\":\"PT2H\"}");
    fixtures.awaitState(bob, control, "READY");
    app.clock().advance(Duration.ofHours(1).plusMinutes(1));
    awaitMails("bob@univ-ubs.fr", 1);
    assertThat(smtp.to("alice@univ-ubs.fr")).hasSize(2);
    assertThat(smtp.to("alice@univ-ubs.fr").stream().map(TestSmtp.Received::messageId).distinct())
        .hasSize(2);
    assertThat(eventTypes(alice, id).stream().filter("EXPIRY_WARNING"::equals)).hasSize(2);
  }

  @Test
  void anEnglishSpeakerIsWarnedInEnglish() {
    Api bob = fixtures.member("ubs", "bob@univ-ubs.fr", "member");
    app.jdbi()
        .useHandle(
            handle ->
                handle.execute(
                    "update users set language = 'en' where email = ?", "bob@univ-ubs.fr"));
    String id = fixtures.sandbox(bob, "{\"template\":\"starter\",\"duration\":\"PT2H\"}");
    fixtures.awaitState(bob, id, "READY");

    app.clock().advance(Duration.ofHours(1).plusMinutes(1));
    TestSmtp.Received mail = awaitMails("bob@univ-ubs.fr", 1).get(0);
    assertThat(mail.subject()).startsWith("Your sandbox ").contains("expires in 59 min");
    assertThat(mail.text()).contains("Hello bob,").contains("To extend it:");
    assertThat(mail.html()).contains("<html lang=\"en\">");
  }

  @Test
  void onlyLeadsStillAheadAreWarnedAndAnExtensionWarnsForTheNewExpiryOnly() {
    Api alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT2H\"}");
    fixtures.awaitState(alice, id, "READY");
    assertThat(leads(id)).containsExactly("PT1H");

    Api.Response extended =
        alice.post("/api/v1/sandboxes/" + id + "/extend", "{\"duration\":\"PT24H\"}");
    assertThat(extended.status()).as(extended.toString()).isEqualTo(200);
    assertThat(leads(id)).containsExactlyInAnyOrder("PT1H", "PT24H", "PT1H");

    // the old expiry's warning falls due first: it lapsed with the extension
    app.clock().advance(Duration.ofHours(1).plusMinutes(1));
    Eventually.await("the lapsed warning is dropped", () -> states(id).contains("OBSOLETE"));
    app.clock().advance(Duration.ofHours(1));
    TestSmtp.Received mail = awaitMails("alice@univ-ubs.fr", 1).get(0);
    assertThat(mail.subject()).contains("expire dans 23 h 59");
    assertThat(smtp.to("alice@univ-ubs.fr")).hasSize(1);
  }

  @Test
  void anSmtpOutageDelaysTheWarningWithoutLosingOrDoublingIt() {
    Api alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT2H\"}");
    fixtures.awaitState(alice, id, "READY");
    smtp.takeDown();

    app.clock().advance(Duration.ofHours(1).plusMinutes(1));
    Eventually.await("a failed attempt is recorded", () -> attempts(id) >= 1);
    assertThat(states(id)).containsExactly("PENDING");
    assertThat(eventTypes(alice, id)).contains("EXPIRY_WARNING"); // the event did not wait

    smtp.bringBack();
    app.clock().advance(Duration.ofMinutes(1)); // past the first retry delay (30 s)
    awaitMails("alice@univ-ubs.fr", 1);
    Eventually.await("the notice is marked sent", () -> states(id).equals(List.of("SENT")));
    app.clock().advance(Duration.ofMinutes(30));
    app.restart();
    // a second sandbox's warning proves the dispatcher ran again after the restart
    String control = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT2H\"}");
    fixtures.awaitState(alice, control, "READY");
    app.clock().advance(Duration.ofHours(1).plusMinutes(1));
    awaitMails("alice@univ-ubs.fr", 2);
    assertThat(smtp.to("alice@univ-ubs.fr")).hasSize(2);
    assertThat(eventTypes(alice, id).stream().filter("EXPIRY_WARNING"::equals)).hasSize(1);
  }

  private List<TestSmtp.Received> awaitMails(String to, int count) {
    return Eventually.await(
        count + " mail(s) to " + to,
        Duration.ofSeconds(20),
        () -> smtp.to(to),
        mails -> mails.size() >= count);
  }

  private List<String> leads(String sandboxId) {
    return app.jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery("select lead from notices where sandbox_id = ? order by due_at")
                    .bind(0, UUID.fromString(sandboxId))
                    .mapTo(String.class)
                    .list());
  }

  private List<String> states(String sandboxId) {
    return app.jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery("select state from notices where sandbox_id = ? order by due_at")
                    .bind(0, UUID.fromString(sandboxId))
                    .mapTo(String.class)
                    .list());
  }

  private int attempts(String sandboxId) {
    return app.jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery(
                        "select coalesce(max(attempts), 0) from notices where sandbox_id = ?")
                    .bind(0, UUID.fromString(sandboxId))
                    .mapTo(Integer.class)
                    .one());
  }

  private static List<String> eventTypes(Api caller, String id) {
    return caller.get("/api/v1/sandboxes/" + id).json().path("events").findValuesAsString("type");
  }
}
