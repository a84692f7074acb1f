package bzh.estran.quota;

import bzh.estran.quota.core.Consumption;
import bzh.estran.quota.core.QuotaLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Takes the institution's lock and reads what admission decides on — the quota, what the
 * institution (and the given user) holds, the period's running total, and optionally the same for a
 * cohort — in <b>one round trip</b>: the lock and the read are two statements sent together. Under
 * {@code read committed} each statement takes its own snapshot when it starts, so the read, which
 * starts once the lock is granted, sees everything the previous lock holder committed. Holding the
 * lock for fewer round trips is what lets admissions of one institution follow each other quickly
 * on a loaded machine, where every round trip waits for a core.
 */
final class LockedPicture {

  /** What was read under the lock; {@code cohortHeld} is empty when no cohort was asked for. */
  record Picture(
      Optional<QuotaLimits> limits, Consumption held, Optional<Consumption> cohortHeld) {}

  /** The same columns as {@link QuotaDao#held}'s, so its mapper reads both. */
  private static final QuotaDao.ConsumptionMapper CONSUMPTION = new QuotaDao.ConsumptionMapper();

  private static final String LOCK = "select id from institutions where id = ? for no key update";

  private static final String HELD =
      "select held.sandboxes, held.cpu, held.memory_gib, held.storage_gib, held.user_sandboxes,"
          + " coalesce((select core_minutes from quota_period_totals"
          + "   where scope_id = ? and period = ?), 0) as core_minutes,"
          + " q.max_sandboxes, q.cpu as q_cpu, q.memory_gib as q_memory_gib,"
          + " q.storage_gib as q_storage_gib, q.sandboxes_per_user, q.core_hours_per_month"
          + " from (select count(*) as sandboxes, coalesce(sum(cpu), 0) as cpu, coalesce(sum(memory_gib), 0) as memory_gib,"
          + "   coalesce(sum(storage_gib), 0) as storage_gib,"
          + "   count(*) filter (where owner_id = ?) as user_sandboxes"
          + "   from sandboxes where institution_id = ?"
          + "   and state in ('PROVISIONING', 'READY', 'DELETING')) held"
          + " left join quotas q on q.institution_id = ?";

  private static final String COHORT_HELD =
      "select count(*) as sandboxes, coalesce(sum(cpu), 0) as cpu,"
          + " coalesce(sum(memory_gib), 0) as memory_gib, coalesce(sum(storage_gib), 0) as storage_gib,"
          + " 0 as user_sandboxes,"
          + " coalesce((select core_minutes from quota_period_totals"
          + "   where scope_id = ? and period = ?), 0) as core_minutes"
          + " from sandboxes where cohort_id = ?"
          + " and state in ('PROVISIONING', 'READY', 'DELETING')";

  private LockedPicture() {}

  static Picture lockAndRead(
      Handle handle, UUID institutionId, UUID userId, String period, UUID cohortId) {
    String sql = LOCK + ";\n" + HELD + (cohortId == null ? "" : ";\n" + COHORT_HELD);
    Connection connection = handle.getConnection();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int i = 1;
      statement.setObject(i++, institutionId);
      statement.setObject(i++, institutionId);
      statement.setString(i++, period);
      statement.setObject(i++, userId);
      statement.setObject(i++, institutionId);
      statement.setObject(i++, institutionId);
      if (cohortId != null) {
        statement.setObject(i++, cohortId);
        statement.setString(i++, period);
        statement.setObject(i, cohortId);
      }
      statement.execute();
      try (ResultSet locked = statement.getResultSet()) {
        if (!locked.next()) {
          throw new IllegalStateException("No institution " + institutionId);
        }
      }
      statement.getMoreResults();
      Optional<QuotaLimits> limits;
      Consumption held;
      try (ResultSet rs = statement.getResultSet()) {
        rs.next();
        held = CONSUMPTION.map(rs, null);
        limits =
            rs.getObject("max_sandboxes") == null
                ? Optional.empty()
                : Optional.of(
                    new QuotaLimits(
                        rs.getInt("max_sandboxes"),
                        rs.getBigDecimal("q_cpu").stripTrailingZeros(),
                        rs.getBigDecimal("q_memory_gib").stripTrailingZeros(),
                        rs.getBigDecimal("q_storage_gib").stripTrailingZeros(),
                        rs.getInt("sandboxes_per_user"),
                        rs.getBigDecimal("core_hours_per_month").stripTrailingZeros()));
      }
      Optional<Consumption> cohortHeld = Optional.empty();
      if (cohortId != null) {
        statement.getMoreResults();
        try (ResultSet rs = statement.getResultSet()) {
          rs.next();
          cohortHeld = Optional.of(CONSUMPTION.map(rs, null));
        }
      }
      return new Picture(limits, held, cohortHeld);
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }
}
