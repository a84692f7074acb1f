package bzh.estran.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationInputTest {

  @Test
  void reads_what_people_type_and_what_the_api_writes() {
    assertThat(DurationInput.parse("4h")).contains(Duration.ofHours(4));
    assertThat(DurationInput.parse("90m")).contains(Duration.ofMinutes(90));
    assertThat(DurationInput.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(DurationInput.parse("2d")).contains(Duration.ofDays(2));
    assertThat(DurationInput.parse("1d 12h")).contains(Duration.ofHours(36));
    assertThat(DurationInput.parse("PT4H")).contains(Duration.ofHours(4));
    assertThat(DurationInput.parse("pt30m")).contains(Duration.ofMinutes(30));
    assertThat(DurationInput.parse("P2D")).contains(Duration.ofDays(2));
    assertThat(DurationInput.parse("P1DT2H")).contains(Duration.ofHours(26));
  }

  @Test
  void refuses_nonsense_zero_and_negative() {
    assertThat(DurationInput.parse("soon")).isEmpty();
    assertThat(DurationInput.parse("4 hours")).isEmpty();
    assertThat(DurationInput.parse("0h")).isEmpty();
    assertThat(DurationInput.parse("PT-1H")).isEmpty();
    assertThat(DurationInput.parse("")).isEmpty();
    assertThat(DurationInput.parse(null)).isEmpty();
  }

  @Test
  void writes_iso_for_the_api_with_whole_days_as_days() {
    assertThat(DurationInput.iso(Duration.ofHours(4))).isEqualTo("PT4H");
    assertThat(DurationInput.iso(Duration.ofMinutes(90))).isEqualTo("PT1H30M");
    assertThat(DurationInput.iso(Duration.ofDays(2))).isEqualTo("P2D");
  }

  @Test
  void speaks_in_at_most_two_units() {
    assertThat(DurationInput.human(Duration.ofMinutes(239))).isEqualTo("3h 59m");
    assertThat(DurationInput.human(Duration.ofHours(51))).isEqualTo("2d 3h");
    assertThat(DurationInput.human(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(DurationInput.human(Duration.ofSeconds(20))).isEqualTo("<1m");
    assertThat(DurationInput.humanIso("P14D")).isEqualTo("14d");
    assertThat(DurationInput.humanIso("PT8H")).isEqualTo("8h");
  }
}
