package bzh.estran.quota;

import bzh.estran.catalog.core.Size;
import bzh.estran.cohort.core.Cohort;
import bzh.estran.errors.QuotaExceeded;
import bzh.estran.quota.core.CohortQuota;
import bzh.estran.quota.core.Consumption;
import bzh.estran.quota.core.CoreTime;
import bzh.estran.quota.core.Demand;
import bzh.estran.quota.core.QuotaLimits;
import bzh.estran.quota.core.QuotaPolicy;
import bzh.estran.quota.core.Refusal;
import bzh.estran.sandbox.core.Sandbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Admission and booking inside the caller's transaction. {@link #lock} first: it takes the
 * institution's row lock, so that admissions (and quota changes) of one institution happen one
 * after the other and each sees what the previous one wrote. Refusals throw {@link QuotaExceeded}
 * and leave the transaction to be rolled back: nothing is written.
 */
public final class QuotaAdmission {

  private final ZoneId zone;
  private final MeterRegistry meters;

  public QuotaAdmission(ZoneId zone, MeterRegistry meters) {
    this.zone = zone;
    this.meters = meters;
  }

  /** The budget period an instant falls in. */
  public String period(Instant instant) {
    return CoreTime.period(instant, zone);
  }

  public ZoneId zone() {
    return zone;
  }

  /** Serialises admissions per institution until the transaction ends. */
  public static void lock(Handle handle, UUID institutionId) {
    handle
        .createQuery("select id from institutions where id = :id for update")
        .bind("id", institutionId)
        .mapTo(UUID.class)
        .one();
  }

  /**
   * Admits a new sandbox of {@code size} for {@code minutes}, within the institution's quota and,
   * when {@code cohort} is given and has sub-limits, within the cohort's; or throws {@link
   * QuotaExceeded}.
   */
  public void admitNew(
      Handle handle,
      UUID institutionId,
      UUID ownerId,
      Cohort cohort,
      Size size,
      long minutes,
      String period) {
    admit(handle, institutionId, ownerId, cohort, Demand.newSandbox(size, minutes), period);
  }

  /** Admits {@code minutes} more of a sandbox's CPU in its booked period. */
  public void admitExtension(Handle handle, Sandbox sandbox, Cohort cohort, long minutes) {
    admit(
        handle,
        sandbox.institutionId(),
        sandbox.ownerId(),
        cohort,
        Demand.extension(sandbox.size().cpu(), minutes),
        bookedPeriod(handle, sandbox.id()));
  }

  private void admit(
      Handle handle,
      UUID institutionId,
      UUID ownerId,
      Cohort cohort,
      Demand demand,
      String period) {
    QuotaDao dao = handle.attach(QuotaDao.class);
    QuotaLimits limits = dao.limits(institutionId).orElse(QuotaLimits.DEFAULTS);
    Consumption held = dao.held(institutionId, ownerId, period);
    Optional<Refusal> refusal = QuotaPolicy.check("institution", limits, held, demand);
    if (refusal.isEmpty() && cohort != null && cohort.limits().any()) {
      refusal =
          QuotaPolicy.check(
              "cohort",
              CohortQuota.limitsOf(cohort.limits()),
              dao.heldByCohort(cohort.id(), period),
              demand);
    }
    if (refusal.isPresent()) {
      Refusal r = refusal.get();
      meters.counter("estran.quota.refusals", "limit", r.limit(), "scope", r.scope()).increment();
      throw new QuotaExceeded(r.limit(), r.scope(), r.requested(), r.remaining());
    }
  }

  /** Books the reservation of a new sandbox. */
  public void reserve(Handle handle, Sandbox sandbox, long minutes, String period, Instant now) {
    append(handle, sandbox, period, now, "RESERVE", minutes, "reserved at creation");
  }

  /** Books an extension. */
  public void extend(Handle handle, Sandbox sandbox, long minutes, Instant now) {
    append(
        handle, sandbox, bookedPeriod(handle, sandbox.id()), now, "EXTEND", minutes, "extension");
  }

  /** Gives back the whole minutes between {@code now} and the sandbox's expiry (early end). */
  public void refundUnused(Handle handle, Sandbox sandbox, Instant now, String why) {
    long unused = CoreTime.unusedMinutes(now, sandbox.expiresAt());
    long booked = handle.attach(QuotaDao.class).netMinutes(sandbox.id());
    refund(handle, sandbox, Math.min(unused, booked), now, why);
  }

  /** Gives back everything booked for the sandbox (it never became usable). */
  public void refundAll(Handle handle, Sandbox sandbox, Instant now, String why) {
    refund(handle, sandbox, handle.attach(QuotaDao.class).netMinutes(sandbox.id()), now, why);
  }

  private void refund(Handle handle, Sandbox sandbox, long minutes, Instant now, String why) {
    if (minutes > 0) {
      append(handle, sandbox, bookedPeriod(handle, sandbox.id()), now, "REFUND", -minutes, why);
    }
  }

  private static void append(
      Handle handle,
      Sandbox sandbox,
      String period,
      Instant now,
      String kind,
      long minutes,
      String note) {
    BigDecimal coreMinutes = CoreTime.coreMinutes(sandbox.size().cpu(), minutes);
    handle
        .attach(QuotaDao.class)
        .append(
            sandbox.institutionId(),
            sandbox.cohortId(),
            sandbox.id(),
            period,
            now,
            kind,
            minutes,
            coreMinutes,
            note);
  }

  private static String bookedPeriod(Handle handle, UUID sandboxId) {
    return handle
        .createQuery("select booked_period from sandboxes where id = :id")
        .bind("id", sandboxId)
        .mapTo(String.class)
        .one();
  }
}
