package bzh.estran.web.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The pure parts of the pages: language choice, safe redirects, durations typed, time left. */
class WebCoreTest {

  @Test
  void theRememberedChoiceWinsThenAcceptLanguageThenFrench() {
    assertThat(Languages.choose("en", "fr-FR,fr;q=0.9")).isEqualTo(Locale.ENGLISH);
    assertThat(Languages.choose(null, "en-GB,en;q=0.9,fr;q=0.5")).isEqualTo(Locale.ENGLISH);
    assertThat(Languages.choose(null, "de-DE,fr;q=0.4")).isEqualTo(Locale.FRENCH);
    assertThat(Languages.choose(null, "de-DE")).isEqualTo(Locale.FRENCH);
    assertThat(Languages.choose("xx", null)).isEqualTo(Locale.FRENCH);
    assertThat(Languages.choose(null, ";;;q=bad")).isEqualTo(Locale.FRENCH);
  }

  @Test
  void onlyPathsOfThisSiteAreFollowed() {
    assertThat(LocalPath.of("/sandboxes?x=1")).contains("/sandboxes?x=1");
    assertThat(LocalPath.of("//evil.example/")).isEmpty();
    assertThat(LocalPath.of("/\\evil.example")).isEmpty();
    assertThat(LocalPath.of("https://evil.example")).isEmpty();
    assertThat(LocalPath.of("/ok\r\nSet-Cookie: x")).isEmpty();
    assertThat(LocalPath.of(null)).isEmpty();
    assertThat(LocalPath.orElse("javascript:alert(1)", "/")).isEqualTo("/");
  }

  @Test
  void durationsTypedByPeopleBecomeIso() {
    assertThat(DurationInput.toIso("4h")).isEqualTo("PT4H");
    assertThat(DurationInput.toIso(" 90 min ")).isEqualTo("PT90M");
    assertThat(DurationInput.toIso("2j")).isEqualTo("P2D");
    assertThat(DurationInput.toIso("3 days")).isEqualTo("P3D");
    assertThat(DurationInput.toIso("pt4h")).isEqualTo("PT4H");
    assertThat(DurationInput.toIso("soon")).isEqualTo("SOON");
    assertThat(DurationInput.toIso("  ")).isNull();
  }

  @Test
  void timeLeftInWholeUnits() {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    TimeLeft left = TimeLeft.between(now, Instant.parse("2026-12-02T13:05:30Z"));
    assertThat(left).isEqualTo(new TimeLeft(1, 3, 5));
    assertThat(left.messageKey()).isEqualTo("time.left.dhm");
    assertThat(TimeLeft.between(now, now.plusSeconds(3 * 3600)).messageKey())
        .isEqualTo("time.left.hm");
    assertThat(TimeLeft.between(now, now.plusSeconds(59)).messageKey()).isEqualTo("time.left.none");
    assertThat(TimeLeft.between(now, now.minusSeconds(60)).isOver()).isTrue();
  }

  @Test
  void secretsAreRandomAndComparedExactly() {
    Secrets secrets = new Secrets(new java.security.SecureRandom());
    String a = secrets.newValue();
    assertThat(a).hasSize(43).isNotEqualTo(secrets.newValue());
    assertThat(Secrets.matches(a, a)).isTrue();
    assertThat(Secrets.matches(a, a + "x")).isFalse();
    assertThat(Secrets.matches(a, null)).isFalse();
  }

  @Test
  void theConnectCommandsNameTheSandboxNamespace() {
    assertThat(ConnectCommands.forNamespace("sbx-1234"))
        .extracting(ConnectCommands.Command::text)
        .contains(
            "export KUBECONFIG=\"$HOME/Downloads/kubeconfig-sbx-1234.yaml\"",
            "kubectl get all --namespace sbx-1234");
    assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY)
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
  }
}
