package bzh.estran.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A real PostgreSQL for tests, and a fresh database in it per call. The server is the one named by
 * {@code ESTRAN_TEST_DATABASE_URL} (a JDBC URL with user and password, pointing at a database the
 * user may create others from), else an embedded one started once per test JVM.
 */
public final class TestDatabases {

  private static EmbeddedPostgres embedded;

  private TestDatabases() {}

  /** A JDBC URL of a new, empty database; user {@link #USER}, no password unless the URL says. */
  public static synchronized String fresh() {
    String admin = adminUrl();
    String name = "estran_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection connection = DriverManager.getConnection(admin, USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database on " + admin, e);
    }
    int slash = admin.lastIndexOf('/');
    int query = admin.indexOf('?', slash);
    return admin.substring(0, slash + 1) + name + (query >= 0 ? admin.substring(query) : "");
  }

  public static final String USER = "postgres";

  private static String adminUrl() {
    String external = System.getenv("ESTRAN_TEST_DATABASE_URL");
    if (external != null && !external.isBlank()) {
      return external;
    }
    if (embedded == null) {
      try {
        embedded = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL for tests", e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      embedded.close();
                    } catch (IOException ignored) {
                      // the JVM is going away
                    }
                  }));
    }
    return embedded.getJdbcUrl(USER, "postgres");
  }
}
