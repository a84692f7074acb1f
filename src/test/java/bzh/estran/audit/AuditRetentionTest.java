package bzh.estran.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bzh.estran.db.Database;
import bzh.estran.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Personal fields of old audit entries are cleared, the entries stay, and the append-only rule
 * still refuses every other change. The "now" is chosen, not waited for.
 */
class AuditRetentionTest {

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static Database database;
  private static Jdbi jdbi;

  @BeforeAll
  static void open() {
    database = Database.open(TestDatabases.fresh(), TestDatabases.USER, "", 2);
    jdbi = database.jdbi();
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Test
  void oldEntriesLoseTheirPersonalFieldsAndKeepTheRest() {
    UUID actor = UUID.randomUUID();
    long old = insert(NOW.minus(Duration.ofDays(200)), actor, "ana@univ-rennes.fr");
    long anonymous = insert(NOW.minus(Duration.ofDays(200)), null, null);
    long recent = insert(NOW.minus(Duration.ofDays(10)), actor, "ana@univ-rennes.fr");

    AuditRetention retention = new AuditRetention(jdbi, Duration.ofDays(180));
    assertThat(retention.apply(NOW)).isEqualTo(2);
    assertThat(retention.apply(NOW)).isZero(); // nothing left to clear

    Map<String, Object> cleared = row(old);
    assertThat(cleared.get("actor_email")).isEqualTo("pseudonym:" + actor);
    assertThat(cleared.get("ip")).isNull();
    assertThat(cleared.get("user_agent")).isNull();
    assertThat(cleared.get("action")).isEqualTo("POST /api/v1/sandboxes");
    assertThat(cleared.get("status")).isEqualTo(202);
    assertThat(row(anonymous).get("ip")).isNull();
    assertThat(row(recent).get("actor_email")).isEqualTo("ana@univ-rennes.fr");
    assertThat(row(recent).get("ip")).isEqualTo("192.0.2.7");

    // a year on, the recent entry goes the same way
    assertThat(retention.apply(NOW.plus(Duration.ofDays(365)))).isEqualTo(1);
  }

  @Test
  void theAppendOnlyRuleStillRefusesEverythingElse() {
    long id = insert(NOW.minus(Duration.ofDays(1)), UUID.randomUUID(), "bob@univ-ubs.fr");
    List<String> refused =
        List.of(
            "update audit_log set action = 'DELETE /x' where id = " + id,
            "update audit_log set actor_email = 'mallory@evil.example' where id = " + id,
            "update audit_log set at = now(), ip = null, user_agent = null where id = " + id,
            "update audit_log set ip = '10.0.0.1' where id = " + id,
            "delete from audit_log where id = " + id,
            "truncate audit_log");
    for (String statement : refused) {
      assertThatThrownBy(() -> jdbi.useHandle(handle -> handle.execute(statement)))
          .as(statement)
          .hasMessageContaining("append-only");
    }
    assertThat(row(id).get("actor_email")).isEqualTo("bob@univ-ubs.fr");
  }

  private static long insert(Instant at, UUID actor, String email) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "insert into audit_log (at, actor_id, actor_email, action, target, status, ip,"
                        + " user_agent) values (:at, :actor, :email, 'POST /api/v1/sandboxes',"
                        + " 'sandbox', 202, '192.0.2.7', 'curl/8') returning id")
                .bind("at", at)
                .bind("actor", actor)
                .bind("email", email)
                .mapTo(Long.class)
                .one());
  }

  private static Map<String, Object> row(long id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("select * from audit_log where id = :id")
                .bind("id", id)
                .mapToMap()
                .one());
  }
}
