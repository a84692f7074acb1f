package bzh.estran.notify;

import bzh.estran.notify.core.NoticeKind;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The notice outbox. */
@RegisterConstructorMapper(NoticeDao.Row.class)
public interface NoticeDao {

  /** A notice waiting or handled. */
  record Row(
      UUID id,
      UUID sandboxId,
      NoticeKind kind,
      Instant dueAt,
      Instant expiresAt,
      String lead,
      String detail,
      int attempts,
      boolean eventWritten) {}

  /** What {@link #insert} writes. */
  String INSERT =
      "insert into notices (id, sandbox_id, kind, due_at, expires_at, lead, detail, created_at)"
          + " values (:id, :sandboxId, :kind, :dueAt, :expiresAt, :lead, :detail, :now)"
          + " on conflict do nothing";

  /** Adds a notice unless the same one is already there (same warning, or same lifecycle kind). */
  @SqlUpdate(INSERT)
  int insert(
      @Bind("id") UUID id,
      @Bind("sandboxId") UUID sandboxId,
      @Bind("kind") NoticeKind kind,
      @Bind("dueAt") Instant dueAt,
      @Bind("expiresAt") Instant expiresAt,
      @Bind("lead") String lead,
      @Bind("detail") String detail,
      @Bind("now") Instant now);

  /** The next due notice, locked; another replica skips it meanwhile. */
  @SqlQuery(
      "select id, sandbox_id, kind, due_at, expires_at, lead, detail, attempts, event_written"
          + " from notices where state = 'PENDING' and due_at <= :now"
          + " and (next_attempt_at is null or next_attempt_at <= :now)"
          + " order by due_at limit 1 for update skip locked")
  Optional<Row> lockNextDue(@Bind("now") Instant now);

  /** Whether a later warning of the same expiry is due too (then this one is superseded). */
  @SqlQuery(
      "select exists (select 1 from notices where sandbox_id = :sandboxId"
          + " and kind = 'EXPIRY_WARNING' and state = 'PENDING' and expires_at = :expiresAt"
          + " and due_at > :dueAt and due_at <= :now)")
  boolean laterWarningDue(
      @Bind("sandboxId") UUID sandboxId,
      @Bind("expiresAt") Instant expiresAt,
      @Bind("dueAt") Instant dueAt,
      @Bind("now") Instant now);

  @SqlUpdate(
      "update notices set state = :state, handled_at = :now, last_error = null,"
          + " event_written = event_written or :event where id = :id and state = 'PENDING'")
  int finish(
      @Bind("id") UUID id,
      @Bind("state") String state,
      @Bind("event") boolean eventWritten,
      @Bind("now") Instant now);

  @SqlUpdate(
      "update notices set attempts = attempts + 1, next_attempt_at = :next, last_error = :error,"
          + " event_written = event_written or :event where id = :id")
  int failedAttempt(
      @Bind("id") UUID id,
      @Bind("next") Instant next,
      @Bind("error") String error,
      @Bind("event") boolean eventWritten);
}
