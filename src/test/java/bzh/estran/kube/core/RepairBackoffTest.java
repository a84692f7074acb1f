package bzh.estran.kube.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RepairBackoffTest {

  private static final Instant T0 = Instant.parse("2026-12-02T05:00:00Z");
  private final RepairBackoff backoff =
      new RepairBackoff(Duration.ofSeconds(30), Duration.ofHours(1), 3, Duration.ofMinutes(10));

  @Test
  void aWriteThatSticksMayBeRepeatedWheneverTheObjectDiffersAgain() {
    assertThat(backoff.wrote("ResourceQuota/ns/q", 1, true, T0))
        .isEqualTo(RepairBackoff.Verdict.OK);
    assertThat(backoff.mayWrite("ResourceQuota/ns/q", 1, T0.plusSeconds(1))).isTrue();
    assertThat(backoff.blockedUntil("ResourceQuota/ns/q", T0.plusSeconds(1))).isEmpty();
  }

  @Test
  void aWriteWhoseAnswerStillDiffersIsNotRepeatedBeforeTheBackoffDoublingEachTimeAndSaidOnce() {
    String key = "Deployment/ns/web";
    assertThat(backoff.wrote(key, 7, false, T0)).isEqualTo(RepairBackoff.Verdict.BLOCKED_FIRST);
    assertThat(backoff.mayWrite(key, 7, T0.plusSeconds(29))).isFalse();
    assertThat(backoff.blockedUntil(key, T0)).hasValue(T0.plusSeconds(30));
    assertThat(backoff.mayWrite(key, 7, T0.plusSeconds(30))).isTrue();

    Instant second = T0.plusSeconds(30);
    assertThat(backoff.wrote(key, 7, false, second)).isEqualTo(RepairBackoff.Verdict.BLOCKED_AGAIN);
    assertThat(backoff.blockedUntil(key, second)).hasValue(second.plusSeconds(60));
    Instant third = second.plusSeconds(60);
    assertThat(backoff.wrote(key, 7, false, third)).isEqualTo(RepairBackoff.Verdict.BLOCKED_AGAIN);
    assertThat(backoff.blockedUntil(key, third)).hasValue(third.plusSeconds(120));
  }

  @Test
  void theWaitStopsGrowingAtTheMaximumAndAnEndedBlockIsNotSaidAgain() {
    String key = "Role/ns/r";
    Instant now = T0;
    RepairBackoff.Verdict verdict = backoff.wrote(key, 1, false, now);
    for (int i = 0; i < 12; i++) {
      now = backoff.blockedUntil(key, now).orElseThrow();
      verdict = backoff.wrote(key, 1, false, now);
      assertThat(verdict).isEqualTo(RepairBackoff.Verdict.BLOCKED_AGAIN);
    }
    assertThat(backoff.blockedUntil(key, now)).hasValue(now.plus(Duration.ofHours(1)));
  }

  @Test
  void writesThatStickButKeepBeingUndoneAreAFightAndBackOffAfterTheBurst() {
    String key = "ResourceQuota/ns/q";
    for (int i = 0; i < 3; i++) {
      assertThat(backoff.wrote(key, 1, true, T0.plusSeconds(i)))
          .isEqualTo(RepairBackoff.Verdict.OK);
    }

    assertThat(backoff.wrote(key, 1, true, T0.plusSeconds(3)))
        .isEqualTo(RepairBackoff.Verdict.BLOCKED_FIRST);
    assertThat(backoff.mayWrite(key, 1, T0.plusSeconds(4))).isFalse();
  }

  @Test
  void aNewDesiredContentOrAQuietWindowStartsAFreshEpisode() {
    String key = "ConfigMap/ns/welcome";
    backoff.wrote(key, 1, false, T0);
    assertThat(backoff.mayWrite(key, 2, T0.plusSeconds(1))).as("desired changed").isTrue();
    assertThat(backoff.wrote(key, 2, true, T0.plusSeconds(1))).isEqualTo(RepairBackoff.Verdict.OK);

    backoff.wrote(key, 2, false, T0.plusSeconds(2));
    Instant muchLater = T0.plus(Duration.ofDays(1));
    assertThat(backoff.wrote(key, 2, false, muchLater))
        .as("the old episode is over: said again")
        .isEqualTo(RepairBackoff.Verdict.BLOCKED_FIRST);
  }

  @Test
  void objectsLongQuietAreForgotten() {
    for (int i = 0; i < 1100; i++) {
      backoff.wrote("ConfigMap/ns/" + i, 1, true, T0);
    }
    backoff.wrote("ConfigMap/ns/last", 1, true, T0.plus(Duration.ofHours(1)));

    assertThat(backoff.tracked()).isEqualTo(1);
  }
}
