package bzh.estran.http;

import bzh.estran.auth.core.Principal;
import bzh.estran.errors.RateLimited;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits each authenticated user's state-changing requests (POST, PUT, PATCH, DELETE) to {@code
 * perMinute}, as a token bucket of that capacity refilled evenly over a minute, kept in memory (so
 * per replica) and timed by the injected clock. Reads are never limited; 0 turns it off. The pages'
 * forms take from the same allowance ({@link #acquire(Object)}: the signed-in user's, or a
 * visitor's address for the sign-in form).
 */
final class RateLimiter {

  static final Duration PERIOD = Duration.ofMinutes(1);

  private static final Set<HandlerType> STATE_CHANGING =
      Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

  private final int perMinute;
  private final TimeMeter time;
  private final Map<Object, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(int perMinute, Clock clock) {
    this.perMinute = perMinute;
    this.time = new ClockTime(clock);
  }

  /** A before-handler, behind authentication: throws {@link RateLimited} past the limit. */
  void handle(Context ctx) {
    Principal caller = ctx.attribute(Callers.ATTRIBUTE);
    if (caller != null && STATE_CHANGING.contains(ctx.method())) {
      acquire(caller.id());
    }
  }

  /** Takes one request from the user's allowance, or throws {@link RateLimited}. */
  void acquire(UUID userId) {
    acquire((Object) userId);
  }

  /**
   * Takes one request from the allowance of {@code key} (a user's id, or a visitor's "ip:…"), or
   * throws {@link RateLimited}.
   */
  void acquire(Object key) {
    if (perMinute == 0) {
      return;
    }
    ConsumptionProbe probe =
        buckets.computeIfAbsent(key, k -> newBucket()).tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      throw new RateLimited(perMinute, PERIOD.toString(), seconds);
    }
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, PERIOD))
        .withCustomTimePrecision(time)
        .build();
  }

  /** Bucket4j's time source, read from the injected clock. */
  private record ClockTime(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      Instant now = clock.instant();
      return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
