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
   * How long a request waits for a pooled connection when the pool is busy (a burst of requests).
   * An outage does not wait for it: {@link GatedDataSource} refuses at once while the background
   * probe finds the database down.
   */
  static final long CONNECTION_TIMEOUT_MILLIS = 10_000;

  /** How often the background probe checks the database. */
  static final long PROBE_INTERVAL_MILLIS = 500;

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final ReadinessProbe probe;
  private final java.util.concurrent.ScheduledExecutorService prober =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "estran-database-probe");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean up = true;
  private final Commits commits = new Commits();

  private Database(HikariDataSource dataSource, ReadinessProbe probe) {
    this.dataSource = dataSource;
    this.probe = probe;
    prober.scheduleWithFixedDelay(
        () -> up = probe.reachable(),
        0,
        PROBE_INTERVAL_MILLIS,
        java.util.concurrent.TimeUnit.MILLISECONDS);
    this.jdbi =
        Jdbi.create(new GatedDataSource(dataSource, () -> up))
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin());
    commits.watch(jdbi);
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
    io.micrometer.core.instrument.Counter statements =
        io.micrometer.core.instrument.Counter.builder("estran.db.statements")
            .description(
                "SQL statements sent through Jdbi (each one database round trip; commits not"
                    + " counted): per request, a figure the machine's load does not change")
            .register(meters);
    jdbi.setSqlLogger(
        new org.jdbi.v3.core.statement.SqlLogger() {
          @Override
          public void logAfterExecution(org.jdbi.v3.core.statement.StatementContext context) {
            statements.increment();
          }

          @Override
          public void logException(
              org.jdbi.v3.core.statement.StatementContext context, java.sql.SQLException ex) {
            statements.increment();
          }
        });
  }

  /**
   * Runs {@code listener} on the committing thread after every change committed through {@link
   * #jdbi}: a committed transaction, or a statement other than a {@code select} outside one. For
   * emptying caches of what the database holds.
   */
  public void afterCommit(Runnable listener) {
    commits.add(listener);
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
    // what readiness sees, the gate sees too: no request goes to the pool once /readyz said "down"
    up = probe.reachable();
    return up;
  }

  @Override
  public void close() {
    probe.close();
    dataSource.close();
  }
}
