package bzh.estran.quota;

import bzh.estran.auth.core.Principal;
import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.InvalidRequest;
import bzh.estran.errors.Problem;
import bzh.estran.quota.QuotaFigures.Budget;
import bzh.estran.quota.QuotaFigures.Chargeback;
import bzh.estran.quota.QuotaFigures.ChargebackRow;
import bzh.estran.quota.QuotaFigures.CoreHours;
import bzh.estran.quota.QuotaFigures.InUse;
import bzh.estran.quota.QuotaFigures.Limits;
import bzh.estran.quota.QuotaFigures.Report;
import bzh.estran.quota.QuotaFigures.ReportRow;
import bzh.estran.quota.QuotaFigures.Totals;
import bzh.estran.quota.QuotaFigures.Usage;
import bzh.estran.quota.core.Consumption;
import bzh.estran.quota.core.CoreTime;
import bzh.estran.quota.core.QuotaLimits;
import bzh.estran.tenancy.Institutions;
import bzh.estran.tenancy.core.Institution;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Setting quotas, and the figures institutions pay by: usage, monthly report, chargeback. */
public final class QuotaService {

  private final Jdbi jdbi;
  private final QuotaAdmission admission;
  private final Clock clock;

  public QuotaService(Jdbi jdbi, QuotaAdmission admission, Clock clock) {
    this.jdbi = jdbi;
    this.admission = admission;
    this.clock = clock;
  }

  /** A quota request: every field required, none negative. */
  public record QuotaRequest(
      Integer maxSandboxes,
      BigDecimal cpu,
      BigDecimal memoryGiB,
      BigDecimal storageGiB,
      Integer sandboxesPerUser,
      BigDecimal coreHoursPerMonth) {}

  /**
   * Sets an institution's quota (platform admins). Takes the institution's admission lock, so an
   * admission runs either wholly before or wholly after the change. Lowering a quota stops nothing
   * that runs; it refuses new work until usage is back under it.
   */
  public Limits setQuota(Principal caller, String slug, QuotaRequest request) {
    Institution institution = Institutions.visibleTo(jdbi, caller, slug);
    if (!caller.isPlatformAdmin()) {
      throw new Forbidden("Only a platform admin may set quotas.");
    }
    QuotaLimits limits = validate(request);
    jdbi.useTransaction(
        handle -> {
          QuotaAdmission.lock(handle, institution.id());
          handle
              .attach(QuotaDao.class)
              .setLimits(
                  institution.id(),
                  limits.maxSandboxes(),
                  limits.cpu(),
                  limits.memoryGiB(),
                  limits.storageGiB(),
                  limits.sandboxesPerUser(),
                  limits.coreHoursPerMonth(),
                  clock.instant(),
                  caller.id());
        });
    return view(limits);
  }

  /** What the institution holds and has left (its members, its admins, platform admins). */
  public Usage usage(Principal caller, String slug, String periodText) {
    Institution institution = Institutions.visibleTo(jdbi, caller, slug);
    String period = period(periodText);
    return jdbi.withHandle(
        handle -> {
          QuotaDao dao = handle.attach(QuotaDao.class);
          QuotaLimits limits = dao.limits(institution.id()).orElse(QuotaLimits.DEFAULTS);
          Consumption held = dao.held(institution.id(), caller.id(), period);
          QuotaDao.Budget budget = dao.budget(institution.id(), period);
          BigDecimal granted = limits.coreHoursPerMonth();
          BigDecimal net = CoreTime.hours(budget.net());
          CoreHours coreHours =
              new CoreHours(
                  granted,
                  CoreTime.hours(budget.reserved()),
                  CoreTime.hours(budget.refunded()),
                  net,
                  granted.subtract(net).stripTrailingZeros());
          return new Usage(
              institution.slug(),
              view(limits),
              new InUse(held.sandboxes(), held.cpu(), held.memoryGiB(), held.storageGiB()),
              overQuota(limits, held),
              new Budget(period, admission.zone().getId(), coreHours));
        });
  }

  /** The core-hours used by the end of one day of the period (cumulative, net of refunds). */
  public record DayUsed(java.time.LocalDate day, BigDecimal coreHours) {}

  /** The month's curve: for each day of the period, the core-hours used by its end. */
  public record MonthCurve(String period, BigDecimal granted, List<DayUsed> days) {}

  /**
   * The period's core-hours used day by day, for the same callers as {@link #usage}: one point per
   * day of the month (the days still to come of the current month are left out).
   */
  public MonthCurve curve(Principal caller, String slug, String periodText) {
    Institution institution = Institutions.visibleTo(jdbi, caller, slug);
    String period = period(periodText);
    YearMonth month = YearMonth.parse(period);
    java.time.LocalDate today = java.time.LocalDate.ofInstant(clock.instant(), admission.zone());
    return jdbi.withHandle(
        handle -> {
          QuotaDao dao = handle.attach(QuotaDao.class);
          BigDecimal granted =
              dao.limits(institution.id()).orElse(QuotaLimits.DEFAULTS).coreHoursPerMonth();
          java.util.Map<java.time.LocalDate, BigDecimal> byDay = new java.util.HashMap<>();
          dao.dailyNet(institution.id(), period, admission.zone().getId())
              .forEach(d -> byDay.put(d.day(), d.coreMinutes()));
          List<DayUsed> days = new ArrayList<>();
          BigDecimal sum = BigDecimal.ZERO;
          for (int d = 1; d <= month.lengthOfMonth(); d++) {
            java.time.LocalDate day = month.atDay(d);
            if (day.isAfter(today)) {
              break;
            }
            sum = sum.add(byDay.getOrDefault(day, BigDecimal.ZERO));
            days.add(new DayUsed(day, CoreTime.hours(sum)));
          }
          return new MonthCurve(period, granted, days);
        });
  }

  /** What a cohort holds against its sub-limits this month. */
  public record CohortUsage(
      bzh.estran.cohort.core.Cohort.CohortLimits limits, InUse inUse, BigDecimal coreHours) {}

  /** A cohort's live holdings and the month's core-hours (for those who manage it). */
  public CohortUsage cohortUsage(Principal caller, bzh.estran.cohort.core.Cohort cohort) {
    if (!caller.manages(cohort.id(), cohort.institutionId())) {
      throw new Forbidden("Only the managers of cohort " + cohort.name() + " may read its usage.");
    }
    String period = admission.period(clock.instant());
    Consumption held =
        jdbi.withExtension(QuotaDao.class, dao -> dao.heldByCohort(cohort.id(), period));
    return new CohortUsage(
        cohort.limits(),
        new InUse(held.sandboxes(), held.cpu(), held.memoryGiB(), held.storageGiB()),
        CoreTime.hours(held.coreMinutes()));
  }

  /** One row per sandbox booked to the period (the institution's admins, platform admins). */
  public Report report(Principal caller, String slug, String periodText) {
    Institution institution = Institutions.visibleTo(jdbi, caller, slug);
    if (!caller.administers(institution.id())) {
      throw new Forbidden("Only an admin of " + slug + " may read its report.");
    }
    String period = period(periodText);
    List<QuotaReports.SandboxLine> lines =
        jdbi.withExtension(
            QuotaReports.class, reports -> reports.sandboxes(institution.id(), period));
    List<ReportRow> rows = new ArrayList<>();
    for (QuotaReports.SandboxLine line : lines) {
      BigDecimal hours = hoursOfMinutes(line.netMinutes());
      rows.add(
          new ReportRow(
              line.id(),
              line.name(),
              line.owner(),
              line.template(),
              line.cohort(),
              line.state(),
              line.createdAt(),
              line.endedAt(),
              line.cpu(),
              line.memoryGiB(),
              line.storageGiB(),
              CoreTime.hours(line.reservedCoreMinutes()),
              CoreTime.hours(line.refundedCoreMinutes()),
              CoreTime.hours(line.reservedCoreMinutes().subtract(line.refundedCoreMinutes())),
              round(line.memoryGiB().multiply(hours)),
              round(line.storageGiB().multiply(hours))));
    }
    return new Report(institution.slug(), period, admission.zone().getId(), rows, totals(lines));
  }

  /** Every institution's share of the pool for the period (platform admins). */
  public Chargeback chargeback(Principal caller, String periodText) {
    if (!caller.isPlatformAdmin()) {
      throw new Forbidden("Only a platform admin may read the chargeback report.");
    }
    String period = period(periodText);
    List<QuotaReports.InstitutionLine> lines =
        jdbi.withExtension(
            QuotaReports.class,
            reports -> reports.institutions(period, QuotaLimits.DEFAULTS.coreHoursPerMonth()));
    BigDecimal pool =
        lines.stream()
            .map(
                line ->
                    line.reservedCoreMinutes()
                        .subtract(line.refundedCoreMinutes())
                        .add(line.adjustedCoreMinutes()))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    List<ChargebackRow> rows =
        lines.stream()
            .map(
                line -> {
                  BigDecimal netMinutes =
                      line.reservedCoreMinutes()
                          .subtract(line.refundedCoreMinutes())
                          .add(line.adjustedCoreMinutes());
                  BigDecimal share =
                      pool.signum() == 0
                          ? BigDecimal.ZERO
                          : netMinutes.divide(pool, 4, RoundingMode.HALF_UP).stripTrailingZeros();
                  return new ChargebackRow(
                      line.slug(),
                      line.name(),
                      line.sandboxes(),
                      line.grantedCoreHours(),
                      CoreTime.hours(line.reservedCoreMinutes()),
                      CoreTime.hours(line.refundedCoreMinutes()),
                      CoreTime.hours(netMinutes),
                      CoreTime.hours(line.memoryGiBMinutes()),
                      CoreTime.hours(line.storageGiBMinutes()),
                      share);
                })
            .toList();
    return new Chargeback(period, admission.zone().getId(), rows);
  }

  private Totals totals(List<QuotaReports.SandboxLine> lines) {
    BigDecimal reserved = BigDecimal.ZERO;
    BigDecimal refunded = BigDecimal.ZERO;
    BigDecimal memoryMinutes = BigDecimal.ZERO;
    BigDecimal storageMinutes = BigDecimal.ZERO;
    for (QuotaReports.SandboxLine line : lines) {
      reserved = reserved.add(line.reservedCoreMinutes());
      refunded = refunded.add(line.refundedCoreMinutes());
      memoryMinutes =
          memoryMinutes.add(line.memoryGiB().multiply(BigDecimal.valueOf(line.netMinutes())));
      storageMinutes =
          storageMinutes.add(line.storageGiB().multiply(BigDecimal.valueOf(line.netMinutes())));
    }
    return new Totals(
        lines.size(),
        CoreTime.hours(reserved),
        CoreTime.hours(refunded),
        CoreTime.hours(reserved.subtract(refunded)),
        CoreTime.hours(memoryMinutes),
        CoreTime.hours(storageMinutes));
  }

  private static List<String> overQuota(QuotaLimits limits, Consumption held) {
    List<String> over = new ArrayList<>();
    if (held.sandboxes() > limits.maxSandboxes()) {
      over.add("maxSandboxes");
    }
    if (held.cpu().compareTo(limits.cpu()) > 0) {
      over.add("cpu");
    }
    if (held.memoryGiB().compareTo(limits.memoryGiB()) > 0) {
      over.add("memoryGiB");
    }
    if (held.storageGiB().compareTo(limits.storageGiB()) > 0) {
      over.add("storageGiB");
    }
    if (held.coreMinutes().compareTo(CoreTime.minutesOfHours(limits.coreHoursPerMonth())) > 0) {
      over.add("coreHours");
    }
    return over;
  }

  private String period(String text) {
    if (text == null) {
      return admission.period(clock.instant());
    }
    try {
      YearMonth month = YearMonth.parse(text);
      if (month.getYear() < 1 || month.getYear() > 9999) {
        throw InvalidRequest.field(
            "period",
            Problem.of(
                "must_be_a_month_such_as_2026_11_in_the_years_1_to_9999",
                "must be a month such as 2026-11, in the years 1 to 9999"));
      }
      return month.toString();
    } catch (DateTimeParseException e) {
      throw InvalidRequest.field(
          "period",
          Problem.of("must_be_a_month_such_as_2026_11", "must be a month such as 2026-11"));
    }
  }

  private static QuotaLimits validate(QuotaRequest request) {
    FieldErrors errors = new FieldErrors();
    wholeNumber(errors, "maxSandboxes", request.maxSandboxes());
    decimal(errors, "cpu", request.cpu());
    decimal(errors, "memoryGiB", request.memoryGiB());
    decimal(errors, "storageGiB", request.storageGiB());
    wholeNumber(errors, "sandboxesPerUser", request.sandboxesPerUser());
    decimal(errors, "coreHoursPerMonth", request.coreHoursPerMonth());
    errors.throwIfAny();
    return new QuotaLimits(
        request.maxSandboxes(),
        request.cpu().stripTrailingZeros(),
        request.memoryGiB().stripTrailingZeros(),
        request.storageGiB().stripTrailingZeros(),
        request.sandboxesPerUser(),
        request.coreHoursPerMonth().stripTrailingZeros());
  }

  private static void wholeNumber(FieldErrors errors, String field, Integer value) {
    if (errors.required(field, value) && (value < 0 || value > 1_000_000)) {
      errors.add(
          field,
          Problem.of(
              "must_be_a_whole_number_from_0_to_1000000",
              "must be a whole number from 0 to 1000000"));
    }
  }

  private static void decimal(FieldErrors errors, String field, BigDecimal value) {
    if (errors.required(field, value)
        && (value.signum() < 0
            || value.compareTo(BigDecimal.valueOf(100_000_000)) > 0
            || value.scale() > 3)) {
      errors.add(
          field,
          Problem.of(
              "must_be_a_number_from_0_to_100000000_with_at_most_3_decimals",
              "must be a number from 0 to 100000000 with at most 3 decimals"));
    }
  }

  private static Limits view(QuotaLimits limits) {
    return new Limits(
        limits.maxSandboxes(),
        limits.cpu(),
        limits.memoryGiB(),
        limits.storageGiB(),
        limits.sandboxesPerUser(),
        limits.coreHoursPerMonth());
  }

  private static BigDecimal hoursOfMinutes(long minutes) {
    return BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 10, RoundingMode.HALF_UP);
  }

  private static BigDecimal round(BigDecimal value) {
    return value.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
  }

  /** The institution's limits, for the routes' GET. */
  public Limits limits(Principal caller, String slug) {
    Institution institution = Institutions.visibleTo(jdbi, caller, slug);
    return view(
        jdbi.withExtension(QuotaDao.class, dao -> dao.limits(institution.id()))
            .orElse(QuotaLimits.DEFAULTS));
  }
}
