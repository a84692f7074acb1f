package bzh.estran.audit;

import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Clears the audit log's personal fields once they are older than the retention period: the actor's
 * e-mail becomes a pseudonym of their id ({@code pseudonym:<uuid>}, or nothing without an id), the
 * IP address and the user agent are emptied. The entries themselves, and who did what to which
 * target when, stay. The database's append-only trigger allows exactly this update.
 */
public final class AuditRetention {

  private final Jdbi jdbi;
  private final Duration retention;

  public AuditRetention(Jdbi jdbi, Duration retention) {
    this.jdbi = jdbi;
    this.retention = retention;
  }

  /** Clears what is older than the retention period at {@code now}; returns how many entries. */
  public int apply(Instant now) {
    Instant cutoff = now.minus(retention);
    return jdbi.withHandle(
        handle ->
            handle
                .createUpdate(
                    "update audit_log set ip = null, user_agent = null, actor_email = case"
                        + " when actor_id is null then null"
                        + " else 'pseudonym:' || actor_id::text end"
                        + " where at < :cutoff and (ip is not null or user_agent is not null"
                        + " or (actor_email is not null and actor_email not like 'pseudonym:%'))")
                .bind("cutoff", cutoff)
                .execute());
  }
}
