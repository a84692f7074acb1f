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

  /** Whether the error is, or was caused by, a unique-constraint violation. */
  public static boolean isUniqueViolation(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
