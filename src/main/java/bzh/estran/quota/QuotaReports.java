package bzh.estran.quota;

import bzh.estran.db.Rows;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The report queries: one row per sandbox booked to a period, one row per institution. */
@RegisterRowMapper(QuotaReports.SandboxLineMapper.class)
@RegisterRowMapper(QuotaReports.InstitutionLineMapper.class)
public interface QuotaReports {

  /** Ledger sums of one sandbox, with what it was. Minutes are signed sums of the ledger. */
  record SandboxLine(
      UUID id,
      String name,
      String owner,
      String template,
      UUID cohort,
      String state,
      Instant createdAt,
      Instant endedAt,
      BigDecimal cpu,
      BigDecimal memoryGiB,
      BigDecimal storageGiB,
      BigDecimal reservedCoreMinutes,
      BigDecimal refundedCoreMinutes,
      long netMinutes) {}

  /** Ledger sums of one institution for a period. */
  record InstitutionLine(
      String slug,
      String name,
      long sandboxes,
      BigDecimal reservedCoreMinutes,
      BigDecimal refundedCoreMinutes,
      BigDecimal adjustedCoreMinutes,
      BigDecimal memoryGiBMinutes,
      BigDecimal storageGiBMinutes,
      BigDecimal grantedCoreHours) {}

  @SqlQuery(
      "select s.id, s.name, u.email as owner, s.template, s.cohort_id, s.state, s.created_at,"
          + " s.deleted_at, s.cpu, s.memory_gib, s.storage_gib,"
          + " coalesce(sum(l.core_minutes) filter (where l.kind in ('RESERVE', 'EXTEND')), 0) as reserved,"
          + " coalesce(-sum(l.core_minutes) filter (where l.kind = 'REFUND'), 0) as refunded,"
          + " coalesce(sum(l.minutes), 0) as net_minutes"
          + " from sandboxes s join users u on u.id = s.owner_id"
          + " left join quota_ledger l on l.sandbox_id = s.id"
          + " where s.institution_id = :id and s.booked_period = :period"
          + " group by s.id, u.email order by s.created_at, s.id")
  List<SandboxLine> sandboxes(@Bind("id") UUID institutionId, @Bind("period") String period);

  @SqlQuery(
      "select i.slug, i.name, count(distinct l.sandbox_id) as sandboxes,"
          + " coalesce(sum(l.core_minutes) filter (where l.kind in ('RESERVE', 'EXTEND')), 0) as reserved,"
          + " coalesce(-sum(l.core_minutes) filter (where l.kind = 'REFUND'), 0) as refunded,"
          + " coalesce(sum(l.core_minutes) filter (where l.kind = 'ADJUST'), 0) as adjusted,"
          + " coalesce(sum(l.minutes * s.memory_gib), 0) as memory_gib_minutes,"
          + " coalesce(sum(l.minutes * s.storage_gib), 0) as storage_gib_minutes,"
          + " coalesce(q.core_hours_per_month, :defaultGranted) as granted"
          + " from institutions i"
          + " left join quota_ledger l on l.institution_id = i.id and l.period = :period"
          + " left join sandboxes s on s.id = l.sandbox_id"
          + " left join quotas q on q.institution_id = i.id"
          + " group by i.slug, i.name, q.core_hours_per_month order by i.slug")
  List<InstitutionLine> institutions(
      @Bind("period") String period, @Bind("defaultGranted") BigDecimal defaultGranted);

  /** Maps a sandbox line. */
  final class SandboxLineMapper implements RowMapper<SandboxLine> {
    @Override
    public SandboxLine map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new SandboxLine(
          Rows.uuid(rs, "id"),
          rs.getString("name"),
          rs.getString("owner"),
          rs.getString("template"),
          Rows.uuid(rs, "cohort_id"),
          rs.getString("state"),
          Rows.instant(rs, "created_at"),
          Rows.instant(rs, "deleted_at"),
          rs.getBigDecimal("cpu").stripTrailingZeros(),
          rs.getBigDecimal("memory_gib").stripTrailingZeros(),
          rs.getBigDecimal("storage_gib").stripTrailingZeros(),
          rs.getBigDecimal("reserved"),
          rs.getBigDecimal("refunded"),
          rs.getLong("net_minutes"));
    }
  }

  /** Maps an institution line. */
  final class InstitutionLineMapper implements RowMapper<InstitutionLine> {
    @Override
    public InstitutionLine map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new InstitutionLine(
          rs.getString("slug"),
          rs.getString("name"),
          rs.getLong("sandboxes"),
          rs.getBigDecimal("reserved"),
          rs.getBigDecimal("refunded"),
          rs.getBigDecimal("adjusted"),
          rs.getBigDecimal("memory_gib_minutes"),
          rs.getBigDecimal("storage_gib_minutes"),
          rs.getBigDecimal("granted").stripTrailingZeros());
    }
  }
}
