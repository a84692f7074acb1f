package bzh.estran.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InstitutionGaugesTest {

  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final InstitutionGauges gauges =
      new InstitutionGauges("estran.quota.in.use", "Live holdings per institution", meters);

  @Test
  void aRefreshChangesTheValueOfTheSeriesAlreadyRegistered() {
    gauges.show(Map.of(Tags.of("institution", "ubs"), 3));
    Gauge first = meters.get("estran.quota.in.use").tag("institution", "ubs").gauge();

    gauges.show(Map.of(Tags.of("institution", "ubs"), 5));

    Gauge after = meters.get("estran.quota.in.use").tag("institution", "ubs").gauge();
    assertThat(after).isSameAs(first);
    assertThat(after.value()).isEqualTo(5.0);
    assertThat(meters.scrape()).contains("estran_quota_in_use{institution=\"ubs\"} 5.0");
  }

  @Test
  void aSeriesNoLongerReportedIsRemovedAndTheOthersStay() {
    gauges.show(Map.of(Tags.of("institution", "ubs"), 1, Tags.of("institution", "imt"), 2));
    Gauge imt = meters.get("estran.quota.in.use").tag("institution", "imt").gauge();

    gauges.show(Map.of(Tags.of("institution", "imt"), 4));

    assertThat(meters.find("estran.quota.in.use").tag("institution", "ubs").gauge()).isNull();
    assertThat(meters.get("estran.quota.in.use").tag("institution", "imt").gauge()).isSameAs(imt);
    assertThat(meters.scrape())
        .contains("estran_quota_in_use{institution=\"imt\"} 4.0")
        .doesNotContain("institution=\"ubs\"");
  }

  @Test
  void scrapesDuringRefreshesAllSucceedAndShowOneSeriesPerInstitution() throws Exception {
    gauges.show(Map.of(Tags.of("institution", "ubs"), -1));
    AtomicBoolean done = new AtomicBoolean();
    List<Throwable> failures = new ArrayList<>();
    Thread refresher =
        new Thread(
            () -> {
              for (int round = 0; round < 20_000; round++) {
                Map<Tags, Number> values = new LinkedHashMap<>();
                values.put(Tags.of("institution", "ubs"), round);
                gauges.show(values);
              }
              done.set(true);
            });
    refresher.start();
    int scrapes = 0;
    while (!done.get()) {
      try {
        String text = meters.scrape();
        assertThat(text.split("estran_quota_in_use\\{institution=\"ubs\"}", -1)).hasSize(2);
      } catch (RuntimeException | AssertionError e) {
        failures.add(e);
      }
      scrapes++;
    }
    refresher.join();
    assertThat(failures).as("failures in %d scrapes", scrapes).isEmpty();
    assertThat(meters.get("estran.quota.in.use").gauge().value()).isEqualTo(19_999.0);
  }
}
