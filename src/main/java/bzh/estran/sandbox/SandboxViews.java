package bzh.estran.sandbox;

import bzh.estran.sandbox.SandboxService.SandboxDetails;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * Sandboxes with their events as last read from the database, kept for a short while ({@code
 * ESTRAN_AUTH_CACHE_TTL}, 1 s by default, the bound of the cache of callers), so that a burst of
 * {@code GET /sandboxes/{id}} costs one query per sandbox and second. Who may see a sandbox is
 * still checked on every request, against the caller of that request; only what the sandbox is (its
 * state, expiry, events) may be that old. For the API, the bytes of its JSON are kept with it, so a
 * hit costs no mapping nor serialising.
 *
 * <p>Emptied after every change committed through this process's database handles ({@link
 * #invalidateAll}, called by {@link bzh.estran.db.Database#afterCommit}): a sandbox changed on this
 * replica — by a request, the reconciler, the expiry job — is read again at once. A change made on
 * another replica, or straight in the database, shows within the time to live. Emptying costs no
 * more than starting a new generation ({@link CommitScopedCache} says how).
 */
public final class SandboxViews {

  /** About the most bytes kept (some 10,000 sandboxes); the least recently used go first. */
  static final long MAX_BYTES = 32L << 20;

  /** {@code form}: the class of the function that made {@code body}; null for none. */
  private record Key(UUID sandbox, Class<?> form) {}

  /**
   * A sandbox as read, and the form it was answered in (for the API, the bytes of its JSON; null
   * when kept as read).
   */
  record Kept(SandboxDetails details, byte[] body) {}

  private final CommitScopedCache<Key, Kept> cache;

  public SandboxViews(Duration ttl, MeterRegistry meters) {
    // the body, and roughly what the sandbox, its events and the key take besides
    this.cache =
        new CommitScopedCache<>(
            ttl,
            MAX_BYTES,
            kept -> (kept.body() == null ? 0 : kept.body().length) + 2048,
            "sandboxes",
            meters);
  }

  /**
   * The kept sandbox {@code id}, else what {@code read} finds (kept unless null: an unknown sandbox
   * is asked for every time). One read per sandbox however many requests ask at once.
   */
  SandboxDetails get(UUID id, Function<UUID, SandboxDetails> read) {
    Kept kept = cache.get(new Key(id, null), key -> kept(read.apply(id), null));
    return kept == null ? null : kept.details();
  }

  /**
   * Like {@link #get}, with the form {@code render} gives the sandbox, made once per read and kept
   * with it (under the class of {@code render}, so forms of different call sites are kept apart);
   * null for an unknown sandbox.
   */
  Kept shown(
      UUID id, Function<UUID, SandboxDetails> read, Function<SandboxDetails, byte[]> render) {
    return cache.get(
        new Key(id, render.getClass()),
        key -> {
          SandboxDetails details = read.apply(id);
          return details == null ? null : kept(details, render.apply(details));
        });
  }

  private static Kept kept(SandboxDetails details, byte[] body) {
    return details == null ? null : new Kept(details, body);
  }

  /** Forgets every kept sandbox: something was committed that may have changed one. */
  public void invalidateAll() {
    cache.invalidateAll();
  }
}
