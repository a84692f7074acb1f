package bzh.estran.sandbox;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Pages of sandbox listings as last answered, in the form they were answered in (for the API, the
 * bytes of their JSON), kept for a short while ({@code ESTRAN_AUTH_CACHE_TTL}, 1 s by default, the
 * bound of the cache of callers), so that a burst of the same {@code GET /sandboxes} costs one
 * query, one mapping and one serialisation per page and second. At most {@link #MAX_BYTES} are
 * kept.
 *
 * <p>A page is kept under everything that decides what it holds: the caller's {@link
 * SandboxFilter.Scope scope} (derived from the principal of each request, so a caller whose role
 * changed asks under another key), the filter with its paging, the form it is in, and the
 * generation. Like {@link SandboxViews}, every change committed through this process's database
 * handles starts a new generation ({@link #invalidateAll}, called by {@link
 * bzh.estran.db.Database#afterCommit}): a sandbox created, extended or deleted on this replica is
 * in the next page asked for. A change made on another replica, or straight in the database, shows
 * within the time to live; a read that began before a change and ends after it is kept under the
 * old generation, which nobody asks for again.
 */
public final class SandboxListings {

  /** The most bytes of pages kept; the least recently used go first beyond it. */
  static final long MAX_BYTES = 16L << 20;

  /** A page as answered: its body, how many sandboxes it holds, how many across all pages. */
  public record Shown(byte[] body, int size, long total) {}

  private record Key(SandboxFilter.Scope scope, SandboxFilter filter, Class<?> form) {}

  private final CommitScopedCache<Key, Shown> cache;

  public SandboxListings(Duration ttl, MeterRegistry meters) {
    // the body, and roughly what the key and the entry take besides
    this.cache =
        new CommitScopedCache<>(
            ttl, MAX_BYTES, shown -> shown.body().length + 256, "sandbox_pages", meters);
  }

  /**
   * The page kept for this scope, filter and form, else what {@code read} makes (then kept). One
   * read per page however many requests ask at once; a read that fails keeps nothing.
   */
  Shown get(SandboxFilter.Scope scope, SandboxFilter filter, Class<?> form, Supplier<Shown> read) {
    return cache.get(new Key(scope, filter, form), key -> read.get());
  }

  /** Forgets every kept page: something was committed that may have changed one. */
  public void invalidateAll() {
    cache.invalidateAll();
  }
}
