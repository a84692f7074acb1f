package bzh.estran.quota;

import bzh.estran.quota.core.Consumption;
import bzh.estran.quota.core.QuotaLimits;
import java.math.BigDecimal;
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
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Quotas, what is held, and the append-only ledger. */
@RegisterRowMapper(QuotaDao.LimitsMapper.class)
@RegisterRowMapper(QuotaDao.ConsumptionMapper.class)
@RegisterRowMapper(QuotaDao.BudgetMapper.class)
public interface QuotaDao {

  /** Sums of one period's ledger, in core-minutes: reserved (+ extended), refunded, adjusted. */
  record Budget(BigDecimal reserved, BigDecimal refunded, BigDecimal adjusted) {
    public BigDecimal net() {
      return reserved.subtract(refunded).add(adjusted);
    }
  }

  /**
   * Serialises the admissions of institution {@code :id} until the transaction ends ({@link
   * QuotaAdmission#lock}).
   */
  String LOCK = "select id from institutions where id = :id for no key update";

  /** A sandbox still holds its share of the quota in these states. */
  String LIVE = "state in ('PROVISIONING', 'READY', 'DELETING')";

  /** The summed sizes of the selected sandboxes, as {@link ConsumptionMapper} reads them. */
  String HOLDINGS =
      "count(*) as sandboxes, coalesce(sum(cpu), 0) as cpu,"
          + " coalesce(sum(memory_gib), 0) as memory_gib, coalesce(sum(storage_gib), 0) as storage_gib";

  /** The period's running total of the scope {@code :id} (institution or cohort). */
  String PERIOD_TOTAL =
      "coalesce((select core_minutes from quota_period_totals"
          + "   where scope_id = :id and period = :period), 0) as core_minutes";

  /** What {@link #limits} reads. */
  String LIMITS = "select * from quotas where institution_id = :id";

  /** What {@link #held} reads. */
  String HELD =
      "select "
          + HOLDINGS
          + ", count(*) filter (where owner_id = :userId) as user_sandboxes, "
          + PERIOD_TOTAL
          + " from sandboxes where institution_id = :id and "
          + LIVE;

  /** What {@link #heldByCohort} reads. */
  String HELD_BY_COHORT =
      "select "
          + HOLDINGS
          + ", 0 as user_sandboxes, "
          + PERIOD_TOTAL
          + " from sandboxes where cohort_id = :id and "
          + LIVE;

  /** The live sandboxes of each of {@code :owners} in the institution {@code :id}. */
  String HELD_BY_OWNERS =
      "select owner_id, count(*) as user_sandboxes from sandboxes"
          + " where institution_id = :id and owner_id = any(:owners) and "
          + LIVE
          + " group by owner_id";

  /** What {@link #append} writes. */
  String APPEND =
      "insert into quota_ledger (institution_id, cohort_id, sandbox_id, period, at, kind, minutes,"
          + " core_minutes, note) values (:institutionId, :cohortId, :sandboxId, :period, :at, :kind,"
          + " :minutes, :coreMinutes, :note)";

  @SqlQuery(LIMITS)
  Optional<QuotaLimits> limits(@Bind("id") UUID institutionId);

  @SqlUpdate(
      "insert into quotas (institution_id, max_sandboxes, cpu, memory_gib, storage_gib,"
          + " sandboxes_per_user, core_hours_per_month, updated_at, updated_by)"
          + " values (:id, :maxSandboxes, :cpu, :memoryGiB, :storageGiB, :sandboxesPerUser,"
          + " :coreHoursPerMonth, :now, :by)"
          + " on conflict (institution_id) do update set max_sandboxes = excluded.max_sandboxes,"
          + " cpu = excluded.cpu, memory_gib = excluded.memory_gib, storage_gib = excluded.storage_gib,"
          + " sandboxes_per_user = excluded.sandboxes_per_user,"
          + " core_hours_per_month = excluded.core_hours_per_month, updated_at = excluded.updated_at,"
          + " updated_by = excluded.updated_by")
  void setLimits(
      @Bind("id") UUID institutionId,
      @Bind("maxSandboxes") int maxSandboxes,
      @Bind("cpu") BigDecimal cpu,
      @Bind("memoryGiB") BigDecimal memoryGiB,
      @Bind("storageGiB") BigDecimal storageGiB,
      @Bind("sandboxesPerUser") int sandboxesPerUser,
      @Bind("coreHoursPerMonth") BigDecimal coreHoursPerMonth,
      @Bind("now") Instant now,
      @Bind("by") UUID by);

  /**
   * Live holdings of an institution, the given user's live count, and the period's net ledger (its
   * running total, kept by the ledger's trigger in the same transaction as each entry).
   */
  @SqlQuery(HELD)
  Consumption held(
      @Bind("id") UUID institutionId, @Bind("userId") UUID userId, @Bind("period") String period);

  /** Live holdings of a cohort and the period's net ledger booked to it (its running total). */
  @SqlQuery(HELD_BY_COHORT)
  Consumption heldByCohort(@Bind("id") UUID cohortId, @Bind("period") String period);

  @SqlQuery(
      "select coalesce(sum(core_minutes) filter (where kind in ('RESERVE', 'EXTEND')), 0) as reserved,"
          + " coalesce(-sum(core_minutes) filter (where kind = 'REFUND'), 0) as refunded,"
          + " coalesce(sum(core_minutes) filter (where kind = 'ADJUST'), 0) as adjusted"
          + " from quota_ledger where institution_id = :id and period = :period")
  Budget budget(@Bind("id") UUID institutionId, @Bind("period") String period);

  /** One day of a period's ledger: the net core-minutes booked that day (quota time zone). */
  record DayNet(java.time.LocalDate day, BigDecimal coreMinutes) {}

  @SqlQuery(
      "select (at at time zone :zone)::date as day, sum(core_minutes) as core_minutes"
          + " from quota_ledger where institution_id = :id and period = :period"
          + " group by 1 order by 1")
  @RegisterRowMapper(DayNetMapper.class)
  List<DayNet> dailyNet(
      @Bind("id") UUID institutionId, @Bind("period") String period, @Bind("zone") String zone);

  /** Maps a day of the ledger. */
  final class DayNetMapper implements RowMapper<DayNet> {
    @Override
    public DayNet map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new DayNet(
          rs.getObject("day", java.time.LocalDate.class), rs.getBigDecimal("core_minutes"));
    }
  }

  @SqlUpdate(APPEND)
  void append(
      @Bind("institutionId") UUID institutionId,
      @Bind("cohortId") UUID cohortId,
      @Bind("sandboxId") UUID sandboxId,
      @Bind("period") String period,
      @Bind("at") Instant at,
      @Bind("kind") String kind,
      @Bind("minutes") long minutes,
      @Bind("coreMinutes") BigDecimal coreMinutes,
      @Bind("note") String note);

  /**
   * Sets the running totals of the periods from {@code since} on to what the ledger says, where
   * they disagree; returns how many were wrong. The caller holds the totals' table lock, so that no
   * entry is appended meanwhile.
   */
  @SqlQuery(
      "with truth as (select scope_id, period, sum(core_minutes) as core_minutes from ("
          + "   select institution_id as scope_id, period, core_minutes from quota_ledger"
          + "   where period >= :since"
          + "   union all select cohort_id, period, core_minutes from quota_ledger"
          + "   where cohort_id is not null and period >= :since) entries group by scope_id, period),"
          + " fixed as (insert into quota_period_totals as t (scope_id, period, core_minutes)"
          + "   select scope_id, period, core_minutes from truth"
          + "   on conflict (scope_id, period) do update set core_minutes = excluded.core_minutes"
          + "   where t.core_minutes <> excluded.core_minutes returning 1),"
          + " stray as (delete from quota_period_totals t where t.period >= :since"
          + "   and not exists (select 1 from truth where truth.scope_id = t.scope_id"
          + "   and truth.period = t.period) returning 1)"
          + " select (select count(*) from fixed) + (select count(*) from stray)")
  int repairTotals(@Bind("since") String since);

  /** Net core-minutes and minutes booked for one sandbox. */
  @SqlQuery("select coalesce(sum(minutes), 0) from quota_ledger where sandbox_id = :id")
  long netMinutes(@Bind("id") UUID sandboxId);

  @SqlQuery("select slug from institutions order by slug")
  List<String> slugs();

  /** Maps a {@code quotas} row. */
  final class LimitsMapper implements RowMapper<QuotaLimits> {
    @Override
    public QuotaLimits map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new QuotaLimits(
          rs.getInt("max_sandboxes"),
          rs.getBigDecimal("cpu").stripTrailingZeros(),
          rs.getBigDecimal("memory_gib").stripTrailingZeros(),
          rs.getBigDecimal("storage_gib").stripTrailingZeros(),
          rs.getInt("sandboxes_per_user"),
          rs.getBigDecimal("core_hours_per_month").stripTrailingZeros());
    }
  }

  /** Maps the holdings query. */
  final class ConsumptionMapper implements RowMapper<Consumption> {
    @Override
    public Consumption map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Consumption(
          rs.getInt("sandboxes"),
          rs.getBigDecimal("cpu").stripTrailingZeros(),
          rs.getBigDecimal("memory_gib").stripTrailingZeros(),
          rs.getBigDecimal("storage_gib").stripTrailingZeros(),
          rs.getInt("user_sandboxes"),
          rs.getBigDecimal("core_minutes"));
    }
  }

  /** Maps the budget sums. */
  final class BudgetMapper implements RowMapper<Budget> {
    @Override
    public Budget map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Budget(
          rs.getBigDecimal("reserved"), rs.getBigDecimal("refunded"), rs.getBigDecimal("adjusted"));
    }
  }
}
