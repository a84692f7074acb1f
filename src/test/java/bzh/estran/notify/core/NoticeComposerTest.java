package bzh.estran.notify.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.ResourceBundle;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Composing mails from the shipped bundles and a small layout; no I/O. */
class NoticeComposerTest {

  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final UUID ID = UUID.fromString("5d9a5c12-3dfc-498f-a065-b6ac72da5daa");

  private final NoticeComposer composer =
      new NoticeComposer(
          new NoticeComposer.Layouts(
              "{{greeting}}|{{body}}|{{actions}}|{{signature}}",
              "<html lang=\"{{lang}}\"><title>{{subject}}</title>{{body}}{{actions}}</html>"),
          locale ->
              ResourceBundle.getBundle(
                  "mail.messages",
                  locale,
                  ResourceBundle.Control.getNoFallbackControl(List.of("java.properties"))),
          URI.create("https://estran.example.org/"),
          ZoneId.of("Europe/Paris"));

  @Test
  void aFailureIsToldInFrenchWithItsReasonAndNoLinkToAnEndedSandbox() {
    Mail mail = composer.compose(notice(NoticeKind.FAILED, "fr", "quota refusé <403>"));
    assertThat(mail.subject()).isEqualTo("Votre bac à sable tp-kube n'a pas pu être créé");
    assertThat(mail.text()).contains("(quota refusé <403>)").doesNotContain("https://");
    assertThat(mail.html()).contains("(quota refus\u00e9 &lt;403&gt;)").contains("lang=\"fr\"");
  }

  @Test
  void aWarningInEnglishSaysTheTimeLeftAndTheDateInTheConfiguredZone() {
    Mail mail = composer.compose(notice(NoticeKind.EXPIRY_WARNING, "en", null));
    assertThat(mail.subject()).isEqualTo("Your sandbox tp-kube expires in 1 h 30 min");
    assertThat(mail.text())
        .contains("December 1, 2026")
        .contains("(Europe/Paris)")
        .contains("https://estran.example.org/sandboxes/" + ID)
        .contains("kubectl --kubeconfig kubeconfig.yaml -n sbx-5d9a5c123dfc get all");
  }

  @Test
  void spansAreRoundedToTheMinute() {
    assertThat(NoticeComposer.span(Duration.ofSeconds(29))).isEqualTo("0 min");
    assertThat(NoticeComposer.span(Duration.ofMinutes(59).plusSeconds(40))).isEqualTo("1 h");
    assertThat(NoticeComposer.span(Duration.ofHours(24))).isEqualTo("24 h");
  }

  @Test
  void onlyLeadsStillAheadAreScheduled() {
    ExpiryWarnings warnings =
        new ExpiryWarnings(List.of(Duration.ofHours(24), Duration.ofHours(1)));
    assertThat(warnings.ahead(NOW.plus(Duration.ofHours(2)), NOW))
        .containsExactly(Duration.ofHours(1));
    assertThat(warnings.ahead(NOW.plus(Duration.ofHours(1)), NOW)).isEmpty();
    assertThat(warnings.ahead(NOW.plus(Duration.ofDays(2)), NOW)).hasSize(2);
  }

  private static Notice notice(NoticeKind kind, String language, String detail) {
    return new Notice(
        UUID.randomUUID(),
        kind,
        new Notice.Recipient("alice@univ-ubs.fr", "Alice", language),
        ID,
        "tp-kube",
        "sbx-5d9a5c123dfc",
        NOW.minus(Duration.ofHours(2)),
        NOW.plus(Duration.ofMinutes(90)),
        detail,
        NOW);
  }
}
