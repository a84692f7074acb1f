package bzh.estran.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mail and warning settings: defaults, an explicit empty list, and refusals naming the variable.
 */
class NoticeConfigTest {

  @Test
  void byDefaultMailIsOffAndOwnersAreWarnedADayAndAnHourAhead() {
    EstranConfig config = EstranConfig.from(Map.of());
    assertThat(config.notices().mailEnabled()).isFalse();
    assertThat(config.notices().expiryWarnings())
        .containsExactly(Duration.ofHours(24), Duration.ofHours(1));
    assertThat(config.notices().smtpTls()).isEqualTo("starttls");
    assertThat(config.notices().publicUrl()).isEqualTo(URI.create("http://localhost:7070/"));
    assertThat(config.replicaTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void anEmptyWarningListMeansNoWarningAndAHostTurnsMailOn() {
    EstranConfig config =
        EstranConfig.from(
            Map.of(
                "ESTRAN_EXPIRY_WARNINGS", "",
                "ESTRAN_SMTP_HOST", "smtp.univ-ubs.fr",
                "ESTRAN_SMTP_TLS", "SMTPS",
                "ESTRAN_PUBLIC_URL", "https://estran.example.org"));
    assertThat(config.notices().expiryWarnings()).isEmpty();
    assertThat(config.notices().mailEnabled()).isTrue();
    assertThat(config.notices().smtpTls()).isEqualTo("smtps");
    assertThat(config.notices().publicUrl()).isEqualTo(URI.create("https://estran.example.org/"));
  }

  @Test
  void badValuesAreRefusedWithTheVariableNamed() {
    assertThatThrownBy(() -> EstranConfig.from(Map.of("ESTRAN_EXPIRY_WARNINGS", "24h")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ESTRAN_EXPIRY_WARNINGS must be positive ISO-8601 durations");
    assertThatThrownBy(() -> EstranConfig.from(Map.of("ESTRAN_SMTP_TLS", "ssl")))
        .hasMessage("ESTRAN_SMTP_TLS must be one of starttls, smtps, none, got 'ssl'.");
    assertThatThrownBy(() -> EstranConfig.from(Map.of("ESTRAN_MAIL_FROM", "estran")))
        .hasMessageStartingWith("ESTRAN_MAIL_FROM must be an address");
    assertThatThrownBy(() -> EstranConfig.from(Map.of("ESTRAN_REPLICA_TIMEOUT", "-PT1S")))
        .hasMessageStartingWith("ESTRAN_REPLICA_TIMEOUT must be a positive ISO-8601 duration");
  }
}
