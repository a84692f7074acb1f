package bzh.estran.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import bzh.estran.audit.core.AuditEvent;
import java.time.Clock;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class AuditLogTest {

  @Test
  void anEntryThatCannotBeWrittenDoesNotFailTheCaller() {
    AuditLog log =
        new AuditLog(
            Jdbi.create("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=1"),
            Clock.systemUTC());
    AuditEvent event =
        new AuditEvent(
            UUID.randomUUID(),
            "ana@univ-rennes.fr",
            "POST /api/v1/sandboxes",
            null,
            new AuditEvent.InstitutionHint.Slug("univ-rennes"),
            202,
            "127.0.0.1",
            "curl/8");
    assertThatCode(() -> log.record(event)).doesNotThrowAnyException();
  }

  @Test
  void longTextsAreCut() {
    AuditEvent event =
        new AuditEvent(
            null, null, "POST unmatched", "x".repeat(5000), null, 404, "::1", "a".repeat(1000));
    assertThat(event.userAgent()).hasSize(AuditEvent.MAX_USER_AGENT);
    assertThat(event.target()).hasSize(AuditEvent.MAX_TEXT);
    assertThat(event.institution()).isEqualTo(AuditEvent.InstitutionHint.NONE);
  }
}
