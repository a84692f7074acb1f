package bzh.estran.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Purges ended sandboxes ({@code DELETED} or {@code FAILED}) once their end is older than the
 * retention period: their events and notice records are deleted, their name becomes {@code purged}
 * and their failure text is cleared. What the quota ledger and the monthly reports need stays: the
 * row with its id, owner id, institution, cohort, template, sizes, times and booked month, which
 * the append-only ledger points at and whose sizes the reports multiply its minutes by. Which
 * dataset versions a sandbox was given ({@code sandbox_datasets}) also stays: it is the record of
 * who received which data.
 */
public final class SandboxRetention {

  /** The name an ended sandbox has once purged. */
  public static final String PURGED_NAME = "purged";

  private static final int BATCH = 500;

  private final Jdbi jdbi;
  private final Duration retention;

  public SandboxRetention(Jdbi jdbi, Duration retention) {
    this.jdbi = jdbi;
    this.retention = retention;
  }

  /** Purges what ended before the retention period at {@code now}; returns how many sandboxes. */
  public int apply(Instant now) {
    Instant cutoff = now.minus(retention);
    int total = 0;
    while (true) {
      int purged =
          jdbi.inTransaction(
              handle -> {
                List<UUID> ids =
                    handle
                        .createQuery(
                            "select id from sandboxes where state in ('DELETED', 'FAILED')"
                                + " and purged_at is null and deleted_at < :cutoff"
                                + " order by deleted_at limit :batch for update skip locked")
                        .bind("cutoff", cutoff)
                        .bind("batch", BATCH)
                        .mapTo(UUID.class)
                        .list();
                return purge(handle, ids, now);
              });
      total += purged;
      if (purged < BATCH) {
        return total;
      }
    }
  }

  /**
   * Purges the given ended sandboxes inside the caller's transaction (the retention above, and the
   * erasure of their owner); returns how many. Sandboxes still running are left alone.
   */
  public static int purge(Handle handle, List<UUID> ids, Instant now) {
    if (ids.isEmpty()) {
      return 0;
    }
    UUID[] array = ids.toArray(UUID[]::new);
    String ended =
        "(select id from sandboxes where id = any(:ids) and state in ('DELETED', 'FAILED'))";
    handle
        .createUpdate("delete from sandbox_events where sandbox_id in " + ended)
        .bind("ids", array)
        .execute();
    handle
        .createUpdate("delete from notices where sandbox_id in " + ended)
        .bind("ids", array)
        .execute();
    return handle
        .createUpdate(
            "update sandboxes set name = :purged, failure = null, lease_owner = null,"
                + " lease_until = null, next_attempt_at = null,"
                + " purged_at = coalesce(purged_at, :now)"
                + " where id = any(:ids) and state in ('DELETED', 'FAILED')")
        .bind("purged", PURGED_NAME)
        .bind("now", now)
        .bind("ids", array)
        .execute();
  }
}
