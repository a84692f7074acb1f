package bzh.estran.sandbox;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * What {@link SandboxListings} and {@link SandboxViews} keep: values kept for a time to live, up to
 * a weight in bytes, and forgotten at once by {@link #invalidateAll} (after a commit). Forgetting
 * starts a new generation, part of every key, and costs no more than that: what was kept under the
 * old one is never asked for again and lapses with its time to live, and a read that began before
 * the change and ends after it keeps its result under the old generation.
 */
final class CommitScopedCache<K, V> {

  private record Key<K>(K key, long generation) {}

  private final Cache<Key<K>, V> cache;
  private final AtomicLong generation = new AtomicLong();

  /**
   * {@code bytes} weighs a value (roughly what it takes); {@code name} is the cache's name in the
   * metrics.
   */
  CommitScopedCache(
      Duration ttl, long maxBytes, ToIntFunction<V> bytes, String name, MeterRegistry meters) {
    this.cache =
        Caffeine.newBuilder()
            .expireAfterWrite(ttl)
            .maximumWeight(maxBytes)
            .weigher((Key<K> key, V value) -> bytes.applyAsInt(value))
            .recordStats()
            .build();
    CaffeineCacheMetrics.monitor(meters, cache, name);
  }

  /**
   * The value kept under {@code key} in this generation, else what {@code read} makes (kept unless
   * null). One read per key however many ask at once; a read that fails keeps nothing.
   */
  V get(K key, Function<K, V> read) {
    return cache.get(new Key<>(key, generation.get()), kept -> read.apply(key));
  }

  /** Forgets every kept value. */
  void invalidateAll() {
    generation.incrementAndGet();
  }
}
