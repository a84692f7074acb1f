package bzh.estran.quota.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CoreTimeTest {

  @Test
  void reservationsRoundStartedMinutesUp() {
    assertThat(CoreTime.reservedMinutes(Duration.ofHours(8))).isEqualTo(480);
    assertThat(CoreTime.reservedMinutes(Duration.ofMinutes(90).plusSeconds(1))).isEqualTo(91);
    assertThat(CoreTime.reservedMinutes(Duration.ofMinutes(10).plusNanos(1))).isEqualTo(11);
  }

  @Test
  void refundsCountOnlyWholeUnusedMinutes() {
    Instant expires = Instant.parse("2026-11-10T11:30:00Z");
    assertThat(CoreTime.unusedMinutes(Instant.parse("2026-11-10T11:00:30Z"), expires))
        .isEqualTo(29);
    assertThat(CoreTime.unusedMinutes(Instant.parse("2026-11-10T11:30:00Z"), expires)).isZero();
    assertThat(CoreTime.unusedMinutes(Instant.parse("2026-11-10T12:00:00Z"), expires)).isZero();
  }

  @Test
  void coreMinutesAreExactAndHoursHaveFourDecimals() {
    assertThat(CoreTime.coreMinutes(new BigDecimal("0.5"), 61)).isEqualByComparingTo("30.5");
    assertThat(CoreTime.hours(new BigDecimal("61"))).isEqualByComparingTo("1.0167");
    assertThat(CoreTime.hours(new BigDecimal("720"))).isEqualByComparingTo("12");
  }

  @Test
  void periodsAreCalendarMonthsInTheQuotaTimeZone() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    assertThat(CoreTime.period(Instant.parse("2026-11-30T22:59:59Z"), paris)).isEqualTo("2026-11");
    assertThat(CoreTime.period(Instant.parse("2026-11-30T23:00:00Z"), paris)).isEqualTo("2026-12");
    assertThat(CoreTime.period(Instant.parse("2026-11-30T23:00:00Z"), ZoneId.of("UTC")))
        .isEqualTo("2026-11");
  }
}
