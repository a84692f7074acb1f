package bzh.estran.ops;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The series a dashboard needs are in {@code /metrics}, with histogram buckets. */
class MetricsApiTest {

  private static TestApp app;
  private static Fixtures fixtures;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void sandboxesByStateProvisioningDurationAndExpiryLatenessArePublished() {
    Api alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
    String id = fixtures.sandbox(alice, "{\"template\":\"starter\",\"duration\":\"PT1H\"}");
    fixtures.awaitState(alice, id, "READY");
    Eventually.await(
        "one READY sandbox counted",
        Duration.ofSeconds(20),
        () -> app.admin().get("/metrics").body(),
        body -> body.contains("estran_sandboxes{state=\"READY\"} 1.0"));
    app.clock().advance(Duration.ofMinutes(61));
    fixtures.awaitState(alice, id, "DELETED");

    String metrics = app.admin().get("/metrics").body();
    assertThat(metrics)
        .contains("estran_sandbox_provisioning_seconds_bucket{le=\"1.0\"}")
        .contains("estran_sandbox_provisioning_seconds_count 1")
        .contains("estran_expiry_lateness_seconds_bucket{le=\"0.5\"}")
        .contains("estran_expiry_lateness_seconds_count 1")
        .contains("estran_sandboxes{state=\"PROVISIONING\"}");
  }

  @Test
  void databasePoolAndJvmFiguresArePublished() {
    assertThat(app.admin().get("/metrics").body())
        .contains("hikaricp_connections_active{pool=\"estran\"}")
        .contains("hikaricp_connections_max{pool=\"estran\"}")
        .contains("jvm_gc_")
        .contains("jvm_threads_live_threads")
        .contains("process_cpu_usage")
        .contains("system_cpu_count")
        .contains("process_uptime_seconds");
  }
}
