package bzh.estran.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bzh.estran.errors.RateLimited;
import bzh.estran.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final MutableClock clock = MutableClock.fixedAt(Instant.parse("2026-11-28T09:00:00Z"));
  private final UUID alice = UUID.randomUUID();
  private final UUID bob = UUID.randomUUID();

  @Test
  void aFullBucketAllowsItsCapacityThenSaysHowLongToWait() {
    RateLimiter limiter = new RateLimiter(3, clock);
    for (int i = 0; i < 3; i++) {
      limiter.acquire(alice);
    }
    RateLimited refused = catchThrowableOfType(RateLimited.class, () -> limiter.acquire(alice));
    assertThat(refused.retryAfterSeconds()).isEqualTo(20);
    assertThat(refused.details()).containsEntry("limit", 3L).containsEntry("per", "PT1M");
    assertThat(refused.code()).isEqualTo("rate_limited");
    assertThatCode(() -> limiter.acquire(bob)).doesNotThrowAnyException();
  }

  @Test
  void tokensComeBackEvenlyOverTheMinute() {
    RateLimiter limiter = new RateLimiter(3, clock);
    for (int i = 0; i < 3; i++) {
      limiter.acquire(alice);
    }
    clock.advance(Duration.ofSeconds(19));
    RateLimited refused = catchThrowableOfType(RateLimited.class, () -> limiter.acquire(alice));
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThatCode(() -> limiter.acquire(alice)).doesNotThrowAnyException();
    clock.advance(Duration.ofMinutes(5));
    for (int i = 0; i < 3; i++) {
      limiter.acquire(alice); // never more than the capacity, however long one waited
    }
    assertThat(catchThrowableOfType(RateLimited.class, () -> limiter.acquire(alice))).isNotNull();
  }

  @Test
  void aPartSecondToWaitIsRoundedUpToOneWholeSecond() {
    RateLimiter limiter = new RateLimiter(120, clock); // one back every half second
    for (int i = 0; i < 120; i++) {
      limiter.acquire(alice);
    }
    assertThat(
            catchThrowableOfType(RateLimited.class, () -> limiter.acquire(alice))
                .retryAfterSeconds())
        .isEqualTo(1);
  }

  @Test
  void zeroMeansNoLimit() {
    RateLimiter limiter = new RateLimiter(0, clock);
    for (int i = 0; i < 10_000; i++) {
      limiter.acquire(alice);
    }
  }
}
