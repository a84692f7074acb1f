package bzh.estran.db;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.TestApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database stops and starts again under a running Estran (issue 7, item 4): requests answer
 * {@code 503 unavailable} promptly instead of {@code 500} after the pool's wait, {@code /readyz}
 * says so, and a mutation is either done with its audit entry or not done at all. The test owns a
 * real PostgreSQL server of its own, which it stops and starts on the same data and port.
 */
class DatabaseOutageApiTest {

  /** A bound on the answer, far above what is expected (about a second) and below the old 10 s. */
  private static final Duration PROMPTLY = Duration.ofSeconds(5);

  @TempDir static Path dataDir;
  private static int port;
  private static EmbeddedPostgres postgres;
  private static TestApp app;
  private static Jdbi jdbi;

  @BeforeAll
  static void start() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    postgres = startPostgres();
    String url = postgres.getJdbcUrl("postgres", "postgres");
    jdbi = Jdbi.create(url, "postgres", "");
    app = TestApp.start(Map.of("ESTRAN_DATABASE_URL", url));
  }

  @AfterAll
  static void stop() throws IOException {
    if (app != null) {
      app.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static EmbeddedPostgres startPostgres() {
    try {
      Files.createDirectories(dataDir.resolve("pg"));
      return EmbeddedPostgres.builder()
          .setPort(port)
          .setDataDirectory(dataDir.resolve("pg"))
          .setCleanDataDirectory(false)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResponse<String> send(String method, String path, String json, String agent)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
            .timeout(PROMPTLY)
            .header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN)
            .header("User-Agent", agent)
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> sendUnchecked(
      String method, String path, String json, String agent) {
    try {
      return send(method, path, json, agent);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long institutionsNamed(String slug) {
    return jdbi.withHandle(
        h ->
            h.select("select count(*) from institutions where slug = ?", slug)
                .mapTo(Long.class)
                .one());
  }

  private static long auditEntries(String agent, int status) {
    return jdbi.withHandle(
        h ->
            h.select(
                    "select count(*) from audit_log where user_agent = ? and status = ?",
                    agent,
                    status)
                .mapTo(Long.class)
                .one());
  }

  private static String institution(String slug) {
    return "{\"slug\":\""
        + slug
        + "\",\"name\":\"Institution "
        + slug
        + "\",\"kind\":\"university\"}";
  }

  @Test
  void whileTheDatabaseIsDownRequestsAnswerUnavailableAndNothingIsHalfDone() throws Exception {
    assertThat(
            send("POST", "/api/v1/institutions", institution("before"), "outage-test").statusCode())
        .isEqualTo(201);
    postgres.close();
    try {
      // the database is probed every half second in the background; readiness answers from it
      HttpResponse<String> ready =
          Eventually.await(
              "readiness to see the database down",
              PROMPTLY,
              () -> sendUnchecked("GET", "/readyz", null, "outage-test"),
              response -> response.statusCode() == 503);
      assertThat(ready.body()).contains("\"database\":\"down\"");

      HttpResponse<String> read = send("GET", "/api/v1/institutions", null, "outage-test");
      assertThat(read.statusCode()).as(read.body()).isEqualTo(503);
      assertThat(read.body()).contains("\"code\":\"unavailable\"");

      HttpResponse<String> write =
          send("POST", "/api/v1/institutions", institution("during"), "outage-test");
      assertThat(write.statusCode()).as(write.body()).isEqualTo(503);
      assertThat(write.body()).contains("\"code\":\"unavailable\"");
    } finally {
      postgres = startPostgres();
    }
    Eventually.await(
        "readiness after the database is back",
        Duration.ofSeconds(30),
        () -> sendUnchecked("GET", "/readyz", null, "outage-test"),
        response -> response.statusCode() == 200);
    assertThat(institutionsNamed("during")).isZero();
    HttpResponse<String> after =
        Eventually.await(
            "a write after the database is back",
            Duration.ofSeconds(30),
            () ->
                sendUnchecked("POST", "/api/v1/institutions", institution("after"), "after-outage"),
            response -> response.statusCode() != 503);
    assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
    assertThat(institutionsNamed("after")).isOne();
    // retries refused while the pool reconnected have their own (503) entries
    assertThat(auditEntries("after-outage", 201)).isOne();
  }

  @Test
  void aChangeWhoseAuditEntryCannotBeWrittenIsNotKept() throws Exception {
    // The database refuses this one audit entry, as it would if it failed between the two writes.
    jdbi.useHandle(
        h ->
            h.execute(
                "create or replace function refuse_audit() returns trigger language plpgsql as $$"
                    + " begin if new.user_agent = 'audit-breaker' then"
                    + " raise exception 'audit refused for the test'; end if; return new; end $$;"
                    + " create trigger refuse_audit before insert on audit_log"
                    + " for each row execute function refuse_audit()"));
    try {
      HttpResponse<String> refused =
          send("POST", "/api/v1/institutions", institution("unaudited"), "audit-breaker");
      assertThat(refused.statusCode()).as(refused.body()).isGreaterThanOrEqualTo(500);
      assertThat(refused.body()).contains("\"error\"");
      assertThat(institutionsNamed("unaudited")).isZero();
      Api.Response listed = app.admin().get("/api/v1/institutions/unaudited");
      assertThat(listed.status()).isEqualTo(404);
    } finally {
      jdbi.useHandle(h -> h.execute("drop trigger refuse_audit on audit_log"));
    }
  }
}
