package bzh.estran.sandbox;

import bzh.estran.sandbox.core.SandboxState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code estran_sandboxes{state}}: how many sandboxes are in each state, counted by one query at
 * most every two seconds whatever the number of scrapes; and the bucket bounds of the provisioning
 * and expiry-lateness histograms.
 */
public final class SandboxMetrics {

  /** Buckets of {@code estran_sandbox_provisioning_seconds}. */
  public static final Duration[] PROVISIONING_BUCKETS = {
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10)
  };

  /** Buckets of {@code estran_expiry_lateness_seconds}. */
  public static final Duration[] LATENESS_BUCKETS = {
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(30)
  };

  private static final long FRESH_NANOS = Duration.ofSeconds(2).toNanos();

  private final Jdbi jdbi;
  private Map<SandboxState, Long> counts = new EnumMap<>(SandboxState.class);
  private long countedAt;
  private boolean counted;

  private SandboxMetrics(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Registers one gauge per state. */
  public static void register(Jdbi jdbi, MeterRegistry meters) {
    SandboxMetrics metrics = new SandboxMetrics(jdbi);
    for (SandboxState state : SandboxState.values()) {
      Gauge.builder("estran.sandboxes", metrics, m -> m.count(state))
          .description("Sandboxes in each state")
          .tag("state", state.name())
          .strongReference(true)
          .register(meters);
    }
  }

  private synchronized double count(SandboxState state) {
    long now = System.nanoTime();
    if (!counted || now - countedAt > FRESH_NANOS) {
      try {
        Map<SandboxState, Long> fresh = new EnumMap<>(SandboxState.class);
        jdbi.useHandle(
            handle ->
                handle
                    .createQuery("select state, count(*) as n from sandboxes group by state")
                    .map((rs, ctx) -> Map.entry(rs.getString("state"), rs.getLong("n")))
                    .forEach(e -> fresh.put(SandboxState.valueOf(e.getKey()), e.getValue())));
        counts = fresh;
        countedAt = now;
        counted = true;
      } catch (RuntimeException e) {
        return Double.NaN; // database down: no figure rather than a stale one
      }
    }
    return counts.getOrDefault(state, 0L);
  }
}
