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

  /**
   * How long a request waits for a pooled connection before it is refused with 503: short, so that
   * a database outage is told at once rather than after the pool's usual 30 s (or Estran's 10 s).
   */
  static final long CONNECTION_TIMEOUT_MILLIS = 1_000;

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final ReadinessProbe probe;

  private Database(HikariDataSource dataSource, ReadinessProbe probe) {
    this.dataSource = dataSource;
    this.probe = probe;
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
    hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    hikari.setValidationTimeout(500);
    HikariDataSource dataSource = new HikariDataSource(hikari);
    try {
      migrate(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new Database(dataSource, new ReadinessProbe(jdbcUrl, user, password));
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

  /**
   * Whether the database answers, within about a second (at once when it refuses connections).
   * Asked on a connection of its own, so a busy pool does not make Estran look unready.
   */
  public boolean reachable() {
    return probe.reachable();
  }

  @Override
  public void close() {
    probe.close();
    dataSource.close();
  }
}
