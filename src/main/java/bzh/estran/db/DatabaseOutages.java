package bzh.estran.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a database outage (no connection to be had, the server gone or shutting down) from other
 * database errors, so the HTTP layer can answer {@code 503 unavailable} rather than {@code 500}.
 */
public final class DatabaseOutages {

  private DatabaseOutages() {}

  /** Whether {@code failure}, or one of its causes, says the database cannot be reached. */
  public static boolean isOutage(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException) {
        return true; // the pool had no connection to give within its timeout
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exception; 57P01-57P03: the server is shutting down, crashed or starting
        if (state.startsWith("08") || state.startsWith("57P")) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
