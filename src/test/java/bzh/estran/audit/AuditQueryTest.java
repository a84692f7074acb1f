package bzh.estran.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bzh.estran.errors.InvalidRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditQueryTest {

  @Test
  void nothingGivenMeansEverythingNewestFirstAHundredAtATime() {
    AuditQuery query = AuditQuery.parse(null, null, null, null, null, null, null);
    assertThat(query).isEqualTo(new AuditQuery(null, null, null, null, null, 100, null));
  }

  @Test
  void everyFilterIsParsed() {
    AuditQuery query =
        AuditQuery.parse(
            " ana@univ-rennes.fr ",
            "univ-rennes",
            "extend",
            "2026-11-01T00:00:00Z",
            "2026-12-01T00:00:00Z",
            "500",
            "42");
    assertThat(query)
        .isEqualTo(
            new AuditQuery(
                "ana@univ-rennes.fr",
                "univ-rennes",
                "extend",
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"),
                500,
                42L));
    assertThat(AuditQuery.parse("", " ", "", null, null, "1", null))
        .isEqualTo(new AuditQuery(null, null, null, null, null, 1, null));
  }

  @Test
  void everyBadFilterIsNamedAtOnce() {
    InvalidRequest refused =
        catchThrowableOfType(
            InvalidRequest.class,
            () -> AuditQuery.parse(null, null, null, "2026-11-01", "soon", "0", "-3"));
    assertThat(refused.fields()).containsOnlyKeys("from", "to", "limit", "before");
    assertThat(
            catchThrowableOfType(
                    InvalidRequest.class,
                    () -> AuditQuery.parse(null, null, null, null, null, "9999999999999", null))
                .fields())
        .containsKey("limit");
    assertThat(
            catchThrowableOfType(
                    InvalidRequest.class,
                    () ->
                        AuditQuery.parse(
                            null,
                            null,
                            null,
                            "2026-11-02T00:00:00Z",
                            "2026-11-01T00:00:00Z",
                            null,
                            null))
                .fields())
        .containsOnlyKeys("to");
  }
}
