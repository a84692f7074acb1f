package bzh.estran.db.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Creates Quartz's JDBC job store tables from the DDL that ships inside the Quartz jar, so the
 * schema always matches the Quartz version on the class path and is not copied into this repo.
 */
public class V2__Quartz_job_store extends BaseJavaMigration {

  private static final String QUARTZ_DDL = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";

  @Override
  public void migrate(Context context) throws Exception {
    try (Statement statement = context.getConnection().createStatement()) {
      for (String sql : statements(ddl())) {
        statement.execute(sql);
      }
    }
  }

  private static String ddl() throws IOException {
    try (InputStream in = V2__Quartz_job_store.class.getResourceAsStream(QUARTZ_DDL)) {
      if (in == null) {
        throw new IOException("Quartz DDL not found on the class path: " + QUARTZ_DDL);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Splits the script on semicolons, dropping comment lines and the final COMMIT. */
  static java.util.List<String> statements(String script) {
    StringBuilder cleaned = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.trim();
      if (!trimmed.startsWith("--") && !trimmed.startsWith("#")) {
        cleaned.append(line).append('\n');
      }
    }
    return java.util.Arrays.stream(cleaned.toString().split(";"))
        .map(String::trim)
        .filter(sql -> !sql.isEmpty())
        .filter(sql -> !sql.equalsIgnoreCase("commit"))
        .toList();
  }
}
