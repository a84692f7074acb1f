package bzh.estran.auth;

import bzh.estran.auth.core.Principal;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The callers behind API tokens, as read from the database, kept for a short while ({@code
 * ESTRAN_AUTH_CACHE_TTL}, 1 s by default) so that a burst of reads by one caller costs one lookup
 * of the token, the user and their memberships per second instead of four round trips per request.
 * Keyed by the token's hash, never the token itself; only found callers are kept (an unknown,
 * revoked or expired token is looked up every time), and a token that expires while kept is refused
 * at once (its expiry is kept with it).
 *
 * <p>How a change of who someone is takes effect: on the replica where it is made, at once, since
 * every committed state-changing API request except the sandbox routes empties the cache ({@link
 * #invalidateAll}; a lookup already under way when it does may still keep what it read, for at most
 * the time to live); on other replicas, and for a change made straight in the database, within the
 * time to live. So revoking a token, deactivating a user or changing a role holds everywhere within
 * {@code ESTRAN_AUTH_CACHE_TTL}.
 */
public final class PrincipalCache {

  /** A found caller and when their token expires (null: never). */
  record Entry(Principal principal, Instant tokenExpiresAt) {}

  private final Cache<String, Entry> cache;

  public PrincipalCache(Duration ttl, MeterRegistry meters) {
    this.cache =
        Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).recordStats().build();
    CaffeineCacheMetrics.monitor(meters, cache, "principals");
  }

  /**
   * The caller for {@code tokenHash} at {@code now}: the kept one while it lives and its token has
   * not expired, else what {@code lookup} finds (kept when found). {@code lookup} throws when the
   * token is refused.
   */
  Principal get(String tokenHash, Instant now, Supplier<Entry> lookup) {
    Entry kept = cache.getIfPresent(tokenHash);
    if (kept != null && !live(kept, now)) {
      cache.invalidate(tokenHash);
    }
    // One lookup per token when it is missing, however many requests ask at once (no stampede when
    // an entry expires under load); a lookup that throws keeps nothing.
    return cache.get(tokenHash, hash -> lookup.get()).principal();
  }

  private static boolean live(Entry entry, Instant now) {
    return Optional.ofNullable(entry.tokenExpiresAt()).map(now::isBefore).orElse(true);
  }

  /** Forgets every kept caller: something about who someone is may have changed. */
  public void invalidateAll() {
    cache.invalidateAll();
  }
}
