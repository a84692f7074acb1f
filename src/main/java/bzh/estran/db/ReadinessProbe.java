package bzh.estran.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Tells whether the database answers, on one connection of its own outside the pool (reopened when
 * it breaks), with short timeouts: a stopped server refuses the connection at once, an unreachable
 * one is given up after a second.
 */
final class ReadinessProbe implements AutoCloseable {

  private static final int TIMEOUT_SECONDS = 1;

  private final String jdbcUrl;
  private final Properties properties = new Properties();
  private Connection connection;

  ReadinessProbe(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    properties.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
    properties.setProperty("loginTimeout", Integer.toString(TIMEOUT_SECONDS));
    properties.setProperty("socketTimeout", Integer.toString(TIMEOUT_SECONDS + 1));
  }

  synchronized boolean reachable() {
    try {
      if (connection != null && connection.isValid(TIMEOUT_SECONDS)) {
        return true;
      }
      close();
      connection = DriverManager.getConnection(jdbcUrl, properties);
      return connection.isValid(TIMEOUT_SECONDS);
    } catch (SQLException e) {
      close();
      return false;
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // a broken connection is closed anyway
      }
      connection = null;
    }
  }
}
