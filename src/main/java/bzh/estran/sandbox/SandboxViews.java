package bzh.estran.sandbox;

import bzh.estran.sandbox.SandboxService.SandboxDetails;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Sandboxes with their events as last read from the database, kept for a short while ({@code
 * ESTRAN_AUTH_CACHE_TTL}, 1 s by default, the bound of the cache of callers), so that a burst of
 * {@code GET /sandboxes/{id}} costs one query per sandbox and second. Who may see a sandbox is
 * still checked on every request, against the caller of that request; only what the sandbox is (its
 * state, expiry, events) may be that old.
 *
 * <p>Emptied after every change committed through this process's database handles ({@link
 * #invalidateAll}, called by {@link bzh.estran.db.Database#afterCommit}): a sandbox changed on this
 * replica — by a request, the reconciler, the expiry job — is read again at once. A change made on
 * another replica, or straight in the database, shows within the time to live. Emptying starts a
 * new generation, part of the key, and costs no more than that: what was kept under the old one is
 * never asked for again and lapses with its time to live, and a read that began before the change
 * and ends after it keeps its result under the old generation too.
 */
public final class SandboxViews {

  private record Key(UUID sandbox, long generation) {}

  private final Cache<Key, SandboxDetails> cache;
  private final AtomicLong generation = new AtomicLong();

  public SandboxViews(Duration ttl, MeterRegistry meters) {
    this.cache =
        Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).recordStats().build();
    CaffeineCacheMetrics.monitor(meters, cache, "sandboxes");
  }

  /**
   * The kept sandbox {@code id}, else what {@code read} finds (kept unless null: an unknown sandbox
   * is asked for every time). One read per sandbox however many requests ask at once.
   */
  SandboxDetails get(UUID id, Function<UUID, SandboxDetails> read) {
    return cache.get(new Key(id, generation.get()), key -> read.apply(key.sandbox()));
  }

  /** Forgets every kept sandbox: something was committed that may have changed one. */
  public void invalidateAll() {
    generation.incrementAndGet();
  }
}
