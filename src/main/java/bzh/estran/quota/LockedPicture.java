package bzh.estran.quota;

import bzh.estran.quota.core.Consumption;
import bzh.estran.quota.core.QuotaLimits;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Takes the institution's lock and reads what admission decides on — the quota, what the
 * institution (and each given owner) holds, the period's running total, and the same for each given
 * cohort — in <b>one round trip</b>: the lock and {@link QuotaDao}'s own reads are statements sent
 * together. Under {@code read committed} each statement takes its own snapshot when it starts, so
 * the reads, which start once the lock is granted, see everything the previous lock holder
 * committed. Holding the lock for fewer round trips is what lets admissions of one institution
 * follow each other quickly on a loaded machine, where every round trip waits for a core.
 */
final class LockedPicture {

  /**
   * What was read under the lock: {@code held} counts, as {@code userSandboxes}, the live sandboxes
   * of the only owner asked for (0 when several were: {@code ownerSandboxes} has each).
   */
  record Picture(
      Optional<QuotaLimits> limits,
      Consumption held,
      Map<UUID, Integer> ownerSandboxes,
      Map<UUID, Consumption> cohortHeld) {}

  private static final QuotaDao.ConsumptionMapper CONSUMPTION = new QuotaDao.ConsumptionMapper();
  private static final QuotaDao.LimitsMapper LIMITS = new QuotaDao.LimitsMapper();

  private LockedPicture() {}

  /**
   * Locks the institution and reads, in one round trip, its quota and holdings, the live sandboxes
   * of each of {@code owners} and the holdings of each of {@code cohorts}.
   */
  static Picture lockAndRead(
      Handle handle, UUID institutionId, String period, List<UUID> owners, List<UUID> cohorts) {
    boolean oneOwner = owners.size() == 1;
    StringBuilder sql =
        new StringBuilder(QuotaDao.LOCK)
            .append(";\n")
            .append(QuotaDao.HELD)
            .append(";\n")
            .append(QuotaDao.LIMITS);
    if (!oneOwner) {
      sql.append(";\n").append(QuotaDao.HELD_BY_OWNERS);
    }
    for (int i = 0; i < cohorts.size(); i++) {
      // the DAO's statement, its :id renamed for each cohort
      sql.append(";\n").append(QuotaDao.HELD_BY_COHORT.replace(":id", ":cohort" + i));
    }
    Query query =
        handle.createQuery(sql.toString()).bind("id", institutionId).bind("period", period);
    if (oneOwner) {
      query.bind("userId", owners.get(0));
    } else {
      query.bindNull("userId", Types.OTHER).bind("owners", owners.toArray(UUID[]::new));
    }
    for (int i = 0; i < cohorts.size(); i++) {
      query.bind("cohort" + i, cohorts.get(i));
    }
    return query.execute(
        (statement, ctx) -> {
          PreparedStatement executed = statement.get();
          try (ResultSet locked = executed.getResultSet()) {
            if (!locked.next()) {
              throw new IllegalStateException("No institution " + institutionId);
            }
          }
          Consumption held = one(executed, rs -> CONSUMPTION.map(rs, ctx));
          Optional<QuotaLimits> limits = optional(executed, rs -> LIMITS.map(rs, ctx));
          Map<UUID, Integer> byOwner = new HashMap<>();
          if (oneOwner) {
            byOwner.put(owners.get(0), held.userSandboxes());
          } else {
            executed.getMoreResults();
            try (ResultSet rs = executed.getResultSet()) {
              while (rs.next()) {
                byOwner.put(rs.getObject("owner_id", UUID.class), rs.getInt("user_sandboxes"));
              }
            }
          }
          Map<UUID, Consumption> byCohort = new HashMap<>();
          for (UUID cohort : cohorts) {
            byCohort.put(cohort, one(executed, rs -> CONSUMPTION.map(rs, ctx)));
          }
          return new Picture(limits, held, byOwner, byCohort);
        });
  }

  /** Reads one row of a result. */
  private interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private static <T> T one(PreparedStatement statement, Row<T> row) throws SQLException {
    return optional(statement, row).orElseThrow();
  }

  /** The row of the next result, if it has one. */
  private static <T> Optional<T> optional(PreparedStatement statement, Row<T> row)
      throws SQLException {
    statement.getMoreResults();
    try (ResultSet rs = statement.getResultSet()) {
      return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
    }
  }
}
