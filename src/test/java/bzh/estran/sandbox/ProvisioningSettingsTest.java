package bzh.estran.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconciler's retry backoff. */
class ProvisioningSettingsTest {

  private static ProvisioningSettings startingAt(Duration first) {
    return new ProvisioningSettings(5, first, List.of(), "test-instance", Duration.ofSeconds(10));
  }

  @Test
  void theBackoffDoublesAfterEachFailedAttempt() {
    ProvisioningSettings settings = startingAt(Duration.ofSeconds(1));
    assertThat(settings.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.backoffAfter(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(settings.backoffAfter(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(settings.backoffAfter(6)).isEqualTo(Duration.ofSeconds(32));
  }

  @Test
  void theBackoffIsCappedAtOneMinute() {
    ProvisioningSettings settings = startingAt(Duration.ofSeconds(1));
    assertThat(settings.backoffAfter(7)).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.backoffAfter(30)).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.backoffAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(1));
    assertThat(ProvisioningSettings.MAX_BACKOFF).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aFirstBackoffAboveTheCapIsCapped() {
    assertThat(startingAt(Duration.ofMinutes(5)).backoffAfter(1)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void shortBackoffsScaleFromTheirStart() {
    ProvisioningSettings settings = startingAt(Duration.ofMillis(50));
    assertThat(settings.backoffAfter(1)).isEqualTo(Duration.ofMillis(50));
    assertThat(settings.backoffAfter(5)).isEqualTo(Duration.ofMillis(800));
    assertThat(settings.backoffAfter(12)).isEqualTo(Duration.ofMinutes(1));
  }
}
