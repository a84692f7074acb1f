package bzh.estran.cohort;

import bzh.estran.cohort.core.Cohort;
import bzh.estran.cohort.core.Cohort.CohortLimits;
import bzh.estran.cohort.core.Cohort.JoinCode;
import bzh.estran.cohort.core.CohortMembership;
import bzh.estran.cohort.core.CohortRole;
import bzh.estran.db.Rows;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Cohorts and who is in them. */
@RegisterRowMapper(CohortDao.CohortMapper.class)
@RegisterRowMapper(CohortDao.MemberMapper.class)
@RegisterRowMapper(CohortDao.CohortMembershipMapper.class)
public interface CohortDao {

  String SELECT =
      "select c.*, i.slug as institution_slug from cohorts c join institutions i on i.id = c.institution_id";

  /** A cohort member as listed to its managers. */
  record Member(UUID userId, String email, String name, String role, Instant joinedAt) {}

  @SqlUpdate(
      "insert into cohorts (id, institution_id, name, starts_at, ends_at, max_sandbox_duration_seconds,"
          + " max_sandboxes, cpu, memory_gib, storage_gib, core_hours_per_month, join_code,"
          + " join_code_expires_at, join_code_max_uses, created_by, created_at)"
          + " values (:id, :institutionId, :name, :startsAt, :endsAt, :maxSeconds, :maxSandboxes, :cpu,"
          + " :memoryGiB, :storageGiB, :coreHours, :code, :codeExpiresAt, :codeMaxUses, :createdBy, :now)")
  void insert(
      @Bind("id") UUID id,
      @Bind("institutionId") UUID institutionId,
      @Bind("name") String name,
      @Bind("startsAt") Instant startsAt,
      @Bind("endsAt") Instant endsAt,
      @Bind("maxSeconds") Long maxSandboxDurationSeconds,
      @Bind("maxSandboxes") Integer maxSandboxes,
      @Bind("cpu") BigDecimal cpu,
      @Bind("memoryGiB") BigDecimal memoryGiB,
      @Bind("storageGiB") BigDecimal storageGiB,
      @Bind("coreHours") BigDecimal coreHoursPerMonth,
      @Bind("code") String code,
      @Bind("codeExpiresAt") Instant codeExpiresAt,
      @Bind("codeMaxUses") Integer codeMaxUses,
      @Bind("createdBy") UUID createdBy,
      @Bind("now") Instant now);

  @SqlQuery(SELECT + " where c.id = :id")
  Optional<Cohort> find(@Bind("id") UUID id);

  @SqlQuery(SELECT + " where c.join_code = :code")
  Optional<Cohort> findByCode(@Bind("code") String code);

  @SqlQuery(SELECT + " where c.institution_id = :institutionId order by c.starts_at desc, c.name")
  List<Cohort> listOf(@Bind("institutionId") UUID institutionId);

  @SqlQuery(
      SELECT
          + " join cohort_members m on m.cohort_id = c.id where c.institution_id = :institutionId"
          + " and m.user_id = :userId order by c.starts_at desc, c.name")
  List<Cohort> listOfMember(@Bind("institutionId") UUID institutionId, @Bind("userId") UUID userId);

  /** Counts one use of the code, if it is still usable; the row count says whether it was. */
  @SqlUpdate(
      "update cohorts set join_code_uses = join_code_uses + 1 where id = :id"
          + " and (join_code_max_uses is null or join_code_uses < join_code_max_uses)"
          + " and (join_code_expires_at is null or join_code_expires_at > :now)")
  int useCode(@Bind("id") UUID cohortId, @Bind("now") Instant now);

  @SqlUpdate(
      "update cohorts set join_code = :code, join_code_expires_at = :expiresAt,"
          + " join_code_max_uses = :maxUses, join_code_uses = 0 where id = :id")
  int rotateCode(
      @Bind("id") UUID cohortId,
      @Bind("code") String code,
      @Bind("expiresAt") Instant expiresAt,
      @Bind("maxUses") Integer maxUses);

  @SqlUpdate(
      "insert into cohort_members (cohort_id, user_id, role, joined_at) values (:cohortId, :userId, :role, :now)"
          + " on conflict do nothing")
  int addMember(
      @Bind("cohortId") UUID cohortId,
      @Bind("userId") UUID userId,
      @Bind("role") String role,
      @Bind("now") Instant now);

  @SqlQuery(
      "select m.user_id, u.email, u.name, m.role, m.joined_at from cohort_members m"
          + " join users u on u.id = m.user_id where m.cohort_id = :cohortId order by u.email")
  List<Member> members(@Bind("cohortId") UUID cohortId);

  @SqlUpdate(
      "delete from cohort_members m using cohorts c where m.cohort_id = c.id and m.user_id = :userId"
          + " and c.institution_id = :institutionId")
  int removeFromInstitutionCohorts(
      @Bind("userId") UUID userId, @Bind("institutionId") UUID institutionId);

  /**
   * {@link #membershipsOf}'s statement, for the lookup of a token's caller, which reads it without
   * attaching this DAO (attaching costs more CPU than the query).
   */
  String MEMBERSHIPS_OF =
      "select c.id, c.name, c.institution_id, i.slug, m.role from cohort_members m"
          + " join cohorts c on c.id = m.cohort_id join institutions i on i.id = c.institution_id"
          + " where m.user_id = :userId order by c.starts_at desc, c.name";

  @SqlQuery(MEMBERSHIPS_OF)
  List<CohortMembership> membershipsOf(@Bind("userId") UUID userId);

  /** Maps a user's cohort membership. */
  final class CohortMembershipMapper implements RowMapper<CohortMembership> {
    @Override
    public CohortMembership map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new CohortMembership(
          Rows.uuid(rs, "id"),
          rs.getString("name"),
          Rows.uuid(rs, "institution_id"),
          rs.getString("slug"),
          CohortRole.parse(rs.getString("role")));
    }
  }

  /** Maps a cohort row joined with its institution's slug. */
  final class CohortMapper implements RowMapper<Cohort> {
    @Override
    public Cohort map(ResultSet rs, StatementContext ctx) throws SQLException {
      long seconds = rs.getLong("max_sandbox_duration_seconds");
      Duration maxDuration = rs.wasNull() ? null : Duration.ofSeconds(seconds);
      int maxSandboxes = rs.getInt("max_sandboxes");
      Integer max = rs.wasNull() ? null : maxSandboxes;
      int maxUses = rs.getInt("join_code_max_uses");
      Integer codeMaxUses = rs.wasNull() ? null : maxUses;
      return new Cohort(
          Rows.uuid(rs, "id"),
          Rows.uuid(rs, "institution_id"),
          rs.getString("institution_slug"),
          rs.getString("name"),
          Rows.instant(rs, "starts_at"),
          Rows.instant(rs, "ends_at"),
          maxDuration,
          new CohortLimits(
              max,
              decimal(rs, "cpu"),
              decimal(rs, "memory_gib"),
              decimal(rs, "storage_gib"),
              decimal(rs, "core_hours_per_month")),
          new JoinCode(
              rs.getString("join_code"),
              Rows.instant(rs, "join_code_expires_at"),
              codeMaxUses,
              rs.getInt("join_code_uses")),
          Rows.instant(rs, "created_at"));
    }

    private static BigDecimal decimal(ResultSet rs, String column) throws SQLException {
      BigDecimal value = rs.getBigDecimal(column);
      return value == null ? null : value.stripTrailingZeros();
    }
  }

  /** Maps a member row. */
  final class MemberMapper implements RowMapper<Member> {
    @Override
    public Member map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Member(
          Rows.uuid(rs, "user_id"),
          rs.getString("email"),
          rs.getString("name"),
          rs.getString("role"),
          Rows.instant(rs, "joined_at"));
    }
  }
}
