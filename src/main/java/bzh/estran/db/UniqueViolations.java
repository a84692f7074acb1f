package bzh.estran.db;

import bzh.estran.errors.Conflict;
import bzh.estran.errors.Problem;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Turns a unique-constraint violation into a {@link Conflict}: what a check-then-insert race
 * between two simultaneous requests ends in, when the database is the one that says no.
 */
public final class UniqueViolations {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String DEADLOCK_DETECTED = "40P01";

  private UniqueViolations() {}

  public static <T> T asConflict(Supplier<T> work, Problem message) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      if (isUniqueViolation(e)) {
        throw new Conflict(message);
      }
      throw e;
    }
  }

  /**
   * Like {@link #asConflict}, and a deadlock PostgreSQL broke by aborting this transaction is a
   * {@link Conflict} too ({@code raced}): two simultaneous creations waiting on each other's rows
   * (the same owner asking the same name twice at once, one in an admission group and one alone).
   * The other one went through; this one can simply be asked again.
   */
  public static <T> T asConflictOrRaced(Supplier<T> work, Problem message, Problem raced) {
    try {
      return asConflict(work, message);
    } catch (RuntimeException e) {
      if (hasState(e, DEADLOCK_DETECTED)) {
        throw new Conflict(raced);
      }
      throw e;
    }
  }

  /** Whether the error is, or was caused by, a unique-constraint violation. */
  public static boolean isUniqueViolation(Throwable error) {
    return hasState(error, UNIQUE_VIOLATION);
  }

  private static boolean hasState(Throwable error, String sqlState) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
