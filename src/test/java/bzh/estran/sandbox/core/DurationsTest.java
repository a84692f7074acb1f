package bzh.estran.sandbox.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and formatting ISO-8601 durations. */
class DurationsTest {

  @Test
  void parsesIsoDurations() {
    assertThat(Durations.parse("PT8H")).contains(Duration.ofHours(8));
    assertThat(Durations.parse("P2D")).contains(Duration.ofDays(2));
    assertThat(Durations.parse("P1DT2H30M"))
        .contains(Duration.ofDays(1).plusHours(2).plusMinutes(30));
    assertThat(Durations.parse("pt10m")).contains(Duration.ofMinutes(10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "8h", "soon", "P", "PT", "P1W", "P1M", "2 days"})
  void refusesWhatIsNotADuration(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @Test
  void refusesNull() {
    assertThat(Durations.parse(null)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "P7D, P7D",
    "PT8H, PT8H",
    "P1DT2H, P1DT2H",
    "PT24H, P1D",
    "PT168H, P7D",
    "PT26H, P1DT2H",
    "PT30M, PT30M",
    "P2DT0.5S, P2DT0.5S",
    "PT10M, PT10M",
  })
  void formatsWithDaysKeptAsDays(String parsed, String formatted) {
    assertThat(Durations.format(Duration.parse(parsed))).isEqualTo(formatted);
  }

  @Test
  void formatThenParseGivesTheSameDuration() {
    for (Duration duration :
        new Duration[] {
          Duration.ofDays(3),
          Duration.ofHours(49),
          Duration.ofMinutes(90),
          Duration.ofSeconds(86_401)
        }) {
      assertThat(Durations.parse(Durations.format(duration))).contains(duration);
    }
  }

  @Test
  void theMinimumIsTenMinutes() {
    assertThat(Durations.MINIMUM).isEqualTo(Duration.ofMinutes(10));
  }
}
