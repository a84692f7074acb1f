package bzh.estran.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** The connection pool, the schema migrations and the Jdbi handle factory over one PostgreSQL. */
public final class Database implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi =
        Jdbi.create(dataSource)
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin());
  }

  /** Opens a pool on the given database and brings its schema up to date. */
  public static Database open(String jdbcUrl, String user, String password, int poolSize) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(jdbcUrl);
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.setMaximumPoolSize(poolSize);
    hikari.setMinimumIdle(Math.min(2, poolSize));
    hikari.setPoolName("estran");
    hikari.setConnectionTimeout(10_000);
    HikariDataSource dataSource = new HikariDataSource(hikari);
    try {
      migrate(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new Database(dataSource);
  }

  private static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration", "classpath:bzh/estran/db/migration")
        .load()
        .migrate();
  }

  /** Publishes the pool's figures (connections active, idle, pending, timeouts, usage times). */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry meters) {
    dataSource.setMetricRegistry(meters);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Whether a connection can be had and answers within two seconds. */
  public boolean reachable() {
    try (var connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
