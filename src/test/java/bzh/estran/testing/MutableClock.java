package bzh.estran.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that tests move by hand; it does not advance by itself except through {@link #tick}. */
public final class MutableClock extends Clock {

  private final AtomicReference<Instant> now;
  private final boolean ticking;
  private final long startNanos = System.nanoTime();

  private MutableClock(Instant start, boolean ticking) {
    this.now = new AtomicReference<>(start);
    this.ticking = ticking;
  }

  /** Starts at the real time and follows real time, plus every {@link #advance} made. */
  public static MutableClock followingRealTime() {
    return new MutableClock(Instant.now(), true);
  }

  /** Stays at {@code start} until moved. */
  public static MutableClock fixedAt(Instant start) {
    return new MutableClock(start, false);
  }

  public void advance(Duration by) {
    now.updateAndGet(instant -> instant.plus(by));
  }

  @Override
  public Instant instant() {
    Instant base = now.get();
    return ticking ? base.plusNanos(System.nanoTime() - startNanos) : base;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("tests use UTC");
  }
}
