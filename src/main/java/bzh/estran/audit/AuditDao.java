package bzh.estran.audit;

import bzh.estran.audit.core.AuditEntry;
import bzh.estran.db.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The append-only {@code audit_log} table, and the look-ups that tell an entry's institution. */
@RegisterRowMapper(AuditDao.EntryMapper.class)
public interface AuditDao {

  /** What {@link #insert} writes. */
  String INSERT =
      "insert into audit_log (at, actor_id, actor_email, action, target, institution_id, status, ip, user_agent)"
          + " values (:at, :actorId, :actorEmail, :action, :target, :institutionId, :status, :ip, :userAgent)";

  @SqlUpdate(INSERT)
  void insert(
      @Bind("at") Instant at,
      @Bind("actorId") UUID actorId,
      @Bind("actorEmail") String actorEmail,
      @Bind("action") String action,
      @Bind("target") String target,
      @Bind("institutionId") UUID institutionId,
      @Bind("status") int status,
      @Bind("ip") String ip,
      @Bind("userAgent") String userAgent);

  /**
   * A page, newest first; {@code where} is built by {@link AuditLog} from fixed fragments only,
   * every value is bound.
   */
  @SqlQuery(
      "select a.*, i.slug as institution_slug from audit_log a"
          + " left join institutions i on i.id = a.institution_id"
          + " where <where> order by a.id desc limit :limit")
  List<AuditEntry> list(
      @Define("where") String where,
      @Bind("institutionIds") UUID[] institutionIds,
      @Bind("institutionId") UUID institutionId,
      @Bind("actor") String actor,
      @Bind("action") String action,
      @Bind("from") Instant from,
      @Bind("to") Instant to,
      @Bind("before") Long before,
      @Bind("limit") int limit);

  @SqlQuery("select id from institutions where slug = :slug")
  Optional<UUID> institutionBySlug(@Bind("slug") String slug);

  @SqlQuery("select institution_id from sandboxes where id = :id")
  Optional<UUID> institutionOfSandbox(@Bind("id") UUID sandboxId);

  @SqlQuery("select institution_id from cohorts where id = :id")
  Optional<UUID> institutionOfCohort(@Bind("id") UUID cohortId);

  /** Maps an {@code audit_log} row joined with its institution's slug. */
  final class EntryMapper implements RowMapper<AuditEntry> {
    @Override
    public AuditEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new AuditEntry(
          rs.getLong("id"),
          Rows.instant(rs, "at"),
          Rows.uuid(rs, "actor_id"),
          rs.getString("actor_email"),
          rs.getString("action"),
          rs.getString("target"),
          Rows.uuid(rs, "institution_id"),
          rs.getString("institution_slug"),
          rs.getInt("status"),
          rs.getString("ip"),
          rs.getString("user_agent"));
    }
  }
}
