package bzh.estran.quota;

import bzh.estran.auth.core.Principal;
import bzh.estran.quota.QuotaFigures.Usage;
import bzh.estran.tenancy.core.User;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Per-institution gauges: what is in use and the core-hours left this period. Refreshed by the
 * sweep job rather than on every scrape, so a scrape costs no query; each refresh first checks the
 * ledger's running totals against the ledger ({@link QuotaTotals#repair}).
 */
public final class QuotaMetrics {

  /** The metrics reader: sees every institution, as a platform admin would. */
  private static final Principal READER =
      new Principal(
          new User(new UUID(0, 0), "metrics@estran.local", "metrics", true, true, Instant.EPOCH),
          List.of());

  private final Jdbi jdbi;
  private final QuotaService quotas;
  private final MultiGauge inUse;
  private final MultiGauge remaining;
  private final MultiGauge used;
  private final QuotaTotals totals;

  public QuotaMetrics(Jdbi jdbi, QuotaService quotas, QuotaTotals totals, MeterRegistry meters) {
    this.jdbi = jdbi;
    this.totals = totals;
    this.quotas = quotas;
    this.inUse =
        MultiGauge.builder("estran.quota.in.use")
            .description("Live holdings per institution")
            .register(meters);
    this.remaining =
        MultiGauge.builder("estran.quota.core.hours.remaining")
            .description("Core-hours left in the current period")
            .register(meters);
    this.used =
        MultiGauge.builder("estran.quota.core.hours.used")
            .description("Core-hours booked (net of refunds) in the current period")
            .register(meters);
  }

  /** Repairs the ledger's running totals if they drifted ({@link QuotaTotals}), then the gauges. */
  public void refresh() {
    totals.repair();
    List<MultiGauge.Row<?>> used = new ArrayList<>();
    List<MultiGauge.Row<?>> left = new ArrayList<>();
    List<MultiGauge.Row<?>> booked = new ArrayList<>();
    for (String slug : jdbi.withExtension(QuotaDao.class, QuotaDao::slugs)) {
      Usage usage = quotas.usage(READER, slug, null);
      used.add(
          MultiGauge.Row.of(
              Tags.of("institution", slug, "resource", "sandboxes"), usage.inUse().sandboxes()));
      used.add(
          MultiGauge.Row.of(Tags.of("institution", slug, "resource", "cpu"), usage.inUse().cpu()));
      used.add(
          MultiGauge.Row.of(
              Tags.of("institution", slug, "resource", "memoryGiB"), usage.inUse().memoryGiB()));
      used.add(
          MultiGauge.Row.of(
              Tags.of("institution", slug, "resource", "storageGiB"), usage.inUse().storageGiB()));
      left.add(
          MultiGauge.Row.of(Tags.of("institution", slug), usage.budget().coreHours().remaining()));
      booked.add(MultiGauge.Row.of(Tags.of("institution", slug), usage.budget().coreHours().net()));
    }
    inUse.register(used, true);
    remaining.register(left, true);
    this.used.register(booked, true);
  }
}
