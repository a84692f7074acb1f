package bzh.estran.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool, refusing at once while the database is known to be down (by {@link ReadinessProbe},
 * checked in the background), instead of letting every request wait the pool's timeout. A busy pool
 * still makes requests wait, as it should: only an unreachable database fails fast.
 */
final class GatedDataSource implements DataSource {

  private final DataSource pool;
  private final BooleanSupplier up;

  GatedDataSource(DataSource pool, BooleanSupplier up) {
    this.pool = pool;
    this.up = up;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (!up.getAsBoolean()) {
      throw new SQLTransientConnectionException("The database is unreachable.", "08001");
    }
    return pool.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the pool has its own credentials");
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return pool.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return pool.isWrapperFor(type);
  }
}
