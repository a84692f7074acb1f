package bzh.estran.quota;

import bzh.estran.auth.core.Principal;
import bzh.estran.quota.QuotaFigures.Usage;
import bzh.estran.tenancy.core.User;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final InstitutionGauges inUse;
  private final InstitutionGauges remaining;
  private final InstitutionGauges used;
  private final QuotaTotals totals;

  public QuotaMetrics(Jdbi jdbi, QuotaService quotas, QuotaTotals totals, MeterRegistry meters) {
    this.jdbi = jdbi;
    this.totals = totals;
    this.quotas = quotas;
    this.inUse =
        new InstitutionGauges("estran.quota.in.use", "Live holdings per institution", meters);
    this.remaining =
        new InstitutionGauges(
            "estran.quota.core.hours.remaining", "Core-hours left in the current period", meters);
    this.used =
        new InstitutionGauges(
            "estran.quota.core.hours.used",
            "Core-hours booked (net of refunds) in the current period",
            meters);
  }

  /** Repairs the ledger's running totals if they drifted ({@link QuotaTotals}), then the gauges. */
  public void refresh() {
    totals.repair();
    Map<Tags, Number> held = new LinkedHashMap<>();
    Map<Tags, Number> left = new LinkedHashMap<>();
    Map<Tags, Number> booked = new LinkedHashMap<>();
    for (String slug : jdbi.withExtension(QuotaDao.class, QuotaDao::slugs)) {
      Usage usage = quotas.usage(READER, slug, null);
      held.put(resource(slug, "sandboxes"), usage.inUse().sandboxes());
      held.put(resource(slug, "cpu"), usage.inUse().cpu());
      held.put(resource(slug, "memoryGiB"), usage.inUse().memoryGiB());
      held.put(resource(slug, "storageGiB"), usage.inUse().storageGiB());
      left.put(Tags.of("institution", slug), usage.budget().coreHours().remaining());
      booked.put(Tags.of("institution", slug), usage.budget().coreHours().net());
    }
    inUse.show(held);
    remaining.show(left);
    used.show(booked);
  }

  private static Tags resource(String slug, String resource) {
    return Tags.of("institution", slug, "resource", resource);
  }
}
