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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Admission and booking inside the caller's transaction. {@link #lock} takes the institution's row
 * lock, so that admissions (and quota changes) of one institution are decided one after the other
 * and each sees what the previous one wrote. A new sandbox is admitted <em>after</em> its row, its
 * events and its notices are written ({@link #admitWritten}): the lock is then held only for the
 * round trip that takes it and reads what the institution holds (live sandboxes, and the period's
 * running total of the ledger, one row: {@link LockedPicture}), the reservation, the audit entry
 * and the commit, so admissions of one institution overlap in everything else. Refusals throw
 * {@link QuotaExceeded} and leave the caller to roll back what it wrote. A group of new sandboxes
 * ({@link #lockForGroup}) takes the lock first, reads once and is decided in memory, one after the
 * other, before anything of it is written.
 */
public final class QuotaAdmission {

  private static final String RESERVED_AT_CREATION = "reserved at creation";

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

  /**
   * Serialises admissions per institution until the transaction ends. {@code for no key update}: it
   * does not wait for (nor block) transactions that merely reference the institution, such as
   * admissions that have written their sandbox and not yet taken the lock.
   */
  public static void lock(Handle handle, UUID institutionId) {
    handle.createQuery(QuotaDao.LOCK).bind("id", institutionId).mapTo(UUID.class).one();
  }

  /**
   * Admits a new sandbox of {@code size} for {@code minutes}, within the institution's quota and,
   * when {@code cohort} is given and has sub-limits, within the cohort's; or throws {@link
   * QuotaExceeded}. The caller holds the institution's {@link #lock} and has written nothing of the
   * sandbox yet.
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

  /**
   * Like {@link #admitNew}, without the lock held and after the sandbox's row is written (live,
   * owned by {@code ownerId}, in {@code cohort}), before its reservation: this takes the
   * institution's lock, then reads what is held, which counts this sandbox's row, and checks the
   * limits against what was held without it. The caller books the reservation next, under the lock
   * ({@link #reserve}); on a refusal it must undo its writes (a savepoint, or the rollback).
   */
  public void admitWritten(
      Handle handle,
      UUID institutionId,
      UUID ownerId,
      Cohort cohort,
      Size size,
      long minutes,
      String period) {
    LockedPicture.Picture picture =
        LockedPicture.lockAndRead(
            handle,
            institutionId,
            period,
            List.of(ownerId),
            cohort == null ? List.of() : limitedCohorts(List.of(cohort)));
    Demand demand = Demand.newSandbox(size, minutes);
    throwIfRefused(
        decide(
            picture.limits().orElse(QuotaLimits.DEFAULTS),
            picture.held().lessSandbox(demand),
            cohort,
            () -> picture.cohortHeld().get(cohort.id()).lessSandbox(demand),
            demand));
  }

  /**
   * Takes the institution's {@link #lock} and reads what is held once ({@link LockedPicture}), for
   * a group of new sandboxes of {@code owners} (in {@code cohorts}, nulls allowed) that the caller
   * then admits one after the other ({@link Group#admit}), nothing of them written yet.
   */
  public Group lockForGroup(
      Handle handle, UUID institutionId, String period, List<UUID> owners, List<Cohort> cohorts) {
    LockedPicture.Picture picture =
        LockedPicture.lockAndRead(
            handle, institutionId, period, List.copyOf(owners), limitedCohorts(cohorts));
    return new Group(picture);
  }

  /**
   * What an institution holds, read once under its lock and updated after each admitted demand, so
   * that the admissions of a group are decided as if each had been admitted alone after the
   * previous ones.
   */
  public final class Group {
    private final QuotaLimits limits;
    private Consumption held;
    private final Map<UUID, Integer> byOwner;
    private final Map<UUID, Consumption> byCohort;

    private Group(LockedPicture.Picture picture) {
      this.limits = picture.limits().orElse(QuotaLimits.DEFAULTS);
      this.held = picture.held();
      this.byOwner = new HashMap<>(picture.ownerSandboxes());
      this.byCohort = new HashMap<>(picture.cohortHeld());
    }

    /**
     * Admits one new sandbox of {@code size} for {@code minutes} (counted in the picture), or
     * returns its refusal (the picture unchanged).
     */
    public Optional<QuotaExceeded> admit(UUID ownerId, Cohort cohort, Size size, long minutes) {
      Demand demand = Demand.newSandbox(size, minutes);
      Consumption mine = held.withUserSandboxes(byOwner.getOrDefault(ownerId, 0));
      Optional<QuotaExceeded> refusal =
          decide(limits, mine, cohort, () -> byCohort.get(cohort.id()), demand);
      if (refusal.isEmpty()) {
        held = held.plus(demand);
        byOwner.merge(ownerId, 1, Integer::sum);
        if (cohort != null) {
          byCohort.computeIfPresent(cohort.id(), (id, cohortHeld) -> cohortHeld.plus(demand));
        }
      }
      return refusal;
    }
  }

  /** The distinct cohorts among {@code cohorts} (nulls allowed) that have sub-limits. */
  private static List<UUID> limitedCohorts(List<Cohort> cohorts) {
    return cohorts.stream()
        .filter(cohort -> cohort != null && cohort.limits().any())
        .map(Cohort::id)
        .distinct()
        .toList();
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
    throwIfRefused(
        decide(
            dao.limits(institutionId).orElse(QuotaLimits.DEFAULTS),
            dao.held(institutionId, ownerId, period),
            cohort,
            () -> dao.heldByCohort(cohort.id(), period),
            demand));
  }

  private static void throwIfRefused(Optional<QuotaExceeded> refusal) {
    if (refusal.isPresent()) {
      throw refusal.get();
    }
  }

  /**
   * Checks the institution's limits, then the cohort's when it has any; the refusal, counted, or
   * empty.
   */
  private Optional<QuotaExceeded> decide(
      QuotaLimits limits,
      Consumption held,
      Cohort cohort,
      Supplier<Consumption> cohortHeld,
      Demand demand) {
    Optional<Refusal> refusal = QuotaPolicy.check("institution", limits, held, demand);
    if (refusal.isEmpty() && cohort != null && cohort.limits().any()) {
      refusal =
          QuotaPolicy.check(
              "cohort", CohortQuota.limitsOf(cohort.limits()), cohortHeld.get(), demand);
    }
    if (refusal.isPresent()) {
      Refusal r = refusal.get();
      meters.counter("estran.quota.refusals", "limit", r.limit(), "scope", r.scope()).increment();
      return Optional.of(new QuotaExceeded(r.limit(), r.scope(), r.requested(), r.remaining()));
    }
    return Optional.empty();
  }

  /** Books the reservation of a new sandbox. */
  public void reserve(Handle handle, Sandbox sandbox, long minutes, String period, Instant now) {
    append(handle, sandbox, period, now, "RESERVE", minutes, RESERVED_AT_CREATION);
  }

  /**
   * Books the reservations of new sandboxes, all in {@code period}, in one JDBC batch: {@code
   * minutes} holds each sandbox's minutes, in the same order.
   */
  public void reserveAll(
      Handle handle, List<Sandbox> sandboxes, List<Long> minutes, String period, Instant now) {
    PreparedBatch batch = handle.prepareBatch(QuotaDao.APPEND);
    for (int i = 0; i < sandboxes.size(); i++) {
      Sandbox sandbox = sandboxes.get(i);
      long reserved = minutes.get(i);
      batch
          .bind("institutionId", sandbox.institutionId())
          .bind("cohortId", sandbox.cohortId())
          .bind("sandboxId", sandbox.id())
          .bind("period", period)
          .bind("at", now)
          .bind("kind", "RESERVE")
          .bind("minutes", reserved)
          .bind("coreMinutes", CoreTime.coreMinutes(sandbox.size().cpu(), reserved))
          .bind("note", RESERVED_AT_CREATION)
          .add();
    }
    if (batch.size() > 0) {
      batch.execute();
    }
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
