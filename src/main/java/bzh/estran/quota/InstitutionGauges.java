package bzh.estran.quota;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;

/**
 * A family of gauges (one name, one series per set of tags) whose values are replaced in place.
 * Each series is registered once and removed only when it is no longer reported: Micrometer's
 * {@code MultiGauge} with overwrite removes and registers every row again on each refresh, and a
 * Prometheus scrape that met a series between its removal and its new registration could fail with
 * a {@code DuplicateLabelsException}.
 */
final class InstitutionGauges {

  /** The value a series shows; written by the refresh, read by scrapes. */
  private static final class Value {
    private volatile double current;
  }

  private record Series(Gauge gauge, Value value) {}

  private final String name;
  private final String description;
  private final MeterRegistry meters;
  private final Map<Tags, Series> series = new HashMap<>();

  InstitutionGauges(String name, String description, MeterRegistry meters) {
    this.name = name;
    this.description = description;
    this.meters = meters;
  }

  /** Shows these values; series not among them are removed. */
  synchronized void show(Map<Tags, ? extends Number> values) {
    values.forEach((tags, number) -> seriesOf(tags).value().current = number.doubleValue());
    series
        .entrySet()
        .removeIf(
            entry -> {
              if (values.containsKey(entry.getKey())) {
                return false;
              }
              meters.remove(entry.getValue().gauge());
              return true;
            });
  }

  private Series seriesOf(Tags tags) {
    return series.computeIfAbsent(
        tags,
        key -> {
          Value value = new Value();
          Gauge gauge =
              Gauge.builder(name, value, held -> held.current)
                  .description(description)
                  .tags(key)
                  .strongReference(true)
                  .register(meters);
          return new Series(gauge, value);
        });
  }
}
