package bzh.estran.sandbox;

import java.time.Duration;
import java.util.List;

/**
 * How the reconciler works: attempts before FAILED, the first backoff (doubling up to a minute),
 * the CIDRs sandboxes may not reach, this replica's name for leases, and how long a replica may be
 * silent before its leases are free.
 */
public record ProvisioningSettings(
    int maxAttempts,
    Duration firstBackoff,
    List<String> egressExcept,
    String instanceId,
    Duration replicaTimeout) {

  double replicaTimeoutSeconds() {
    return replicaTimeout.toMillis() / 1000.0;
  }

  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  /** The wait after the given failed attempt (1-based). */
  Duration backoffAfter(int attempt) {
    Duration wait = firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
  }
}
