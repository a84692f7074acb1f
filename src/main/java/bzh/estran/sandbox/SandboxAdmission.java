package bzh.estran.sandbox;

import bzh.estran.catalog.core.Template;
import bzh.estran.cohort.core.Cohort;
import bzh.estran.dataset.DatasetGrants;
import bzh.estran.dataset.core.DatasetVersion;
import bzh.estran.errors.Conflict;
import bzh.estran.errors.Problem;
import bzh.estran.errors.QuotaExceeded;
import bzh.estran.kube.core.SandboxNames;
import bzh.estran.notify.Notices;
import bzh.estran.quota.QuotaAdmission;
import bzh.estran.quota.core.CoreTime;
import bzh.estran.sandbox.core.Durations;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Admits one sandbox inside the caller's transaction: checks the name and the cohort's dates,
 * writes the sandbox, its first event and its notices, and only then takes the institution's lock,
 * checks the quota against what is held (see {@link QuotaAdmission#admitWritten}) and books the
 * reservation, so that the lock is held for one short read, one insert and the commit. Throws when
 * any of these refuses; a quota refusal rolls back to a savepoint taken before the writes, so
 * nothing of this sandbox is left even when the caller's transaction goes on (a cohort's bulk
 * creation).
 */
final class SandboxAdmission {

  private static final String NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final QuotaAdmission quota;
  private final Clock clock;
  private final Notices notices;
  private final SecureRandom random = new SecureRandom();
  private final DatasetGrants datasets;

  SandboxAdmission(QuotaAdmission quota, Clock clock, Notices notices, DatasetGrants datasets) {
    this.quota = quota;
    this.clock = clock;
    this.notices = notices;
    this.datasets = datasets;
  }

  /** Who the sandbox is for. */
  record Owner(UUID id, String email) {}

  /** What is asked: a cohort is optional, a name too (one is made up). */
  record Wish(
      Template template,
      Duration duration,
      String name,
      UUID institutionId,
      Cohort cohort,
      List<DatasetVersion> datasets) {}

  Sandbox admit(Handle handle, Owner owner, String requestedBy, Wish wish) {
    return admit(handle, owner, requestedBy, wish, false);
  }

  /**
   * Like {@link #admit}, for a caller that already holds the institution's lock (a cohort's bulk
   * creation, one member after the other): the quota is checked before anything is written, so no
   * savepoint is needed.
   */
  Sandbox admitUnderLock(Handle handle, Owner owner, String requestedBy, Wish wish) {
    return admit(handle, owner, requestedBy, wish, true);
  }

  private Sandbox admit(Handle handle, Owner owner, String requestedBy, Wish wish, boolean locked) {
    SandboxDao dao = handle.attach(SandboxDao.class);
    String name = wish.name() != null ? wish.name() : freeName(dao, owner, wish.template());
    if (dao.countLiveNamed(owner.id(), name) > 0) {
      throw nameTaken(owner, name);
    }
    Instant now = clock.instant();
    Instant expiresAt = expiry(wish, now);
    Cohort cohort = wish.cohort();
    String period = quota.period(now);
    long minutes = CoreTime.reservedMinutes(Duration.between(now, expiresAt));
    Template template = wish.template();
    UUID id = UUID.randomUUID();
    String savepoint = "admission_" + id.toString().replace("-", "");
    if (locked) {
      quota.admitNew(
          handle, wish.institutionId(), owner.id(), cohort, template.size(), minutes, period);
    } else {
      handle.savepoint(savepoint);
    }
    dao.insert(
        id,
        name,
        owner.id(),
        wish.institutionId(),
        cohort == null ? null : cohort.id(),
        template.name(),
        wish.datasets().stream().map(DatasetVersion::ref).toArray(String[]::new),
        template.size().cpu(),
        template.size().memoryGiB(),
        template.size().storageGiB(),
        SandboxNames.namespace(id),
        now,
        expiresAt,
        period);
    datasets.grant(handle, id, wish.datasets(), now);
    Sandbox sandbox = dao.find(id).orElseThrow();
    if (locked) {
      quota.reserve(handle, sandbox, minutes, period, now);
    }
    dao.addEvent(
        id, now, SandboxEvent.REQUESTED, requested(requestedBy, owner, wish, now, expiresAt));
    notices.scheduleWarnings(handle, id, expiresAt, now);
    if (!locked) {
      try {
        quota.admitWritten(
            handle, wish.institutionId(), owner.id(), cohort, template.size(), minutes, period);
      } catch (QuotaExceeded refused) {
        handle.rollbackToSavepoint(savepoint);
        throw refused;
      }
      quota.reserve(handle, sandbox, minutes, period, now); // under the lock: it adds to the total
    }
    return sandbox;
  }

  private String freeName(SandboxDao dao, Owner owner, Template template) {
    while (true) {
      String name = madeUpName(template);
      if (dao.countLiveNamed(owner.id(), name) == 0) {
        return name;
      }
    }
  }

  /** A name for a sandbox asked for without one: the template's, and five random characters. */
  String madeUpName(Template template) {
    StringBuilder name = new StringBuilder(template.name()).append('-');
    for (int i = 0; i < 5; i++) {
      name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
    }
    return name.toString();
  }

  /** The refusal of a name the owner already gives a live sandbox. */
  static Conflict nameTaken(Owner owner, String name) {
    return new Conflict(
        Problem.of("name_taken", "{0} already has a live sandbox named {1}.", owner.email(), name));
  }

  /**
   * When a sandbox wished for at {@code now} expires: its duration on, but never after its cohort's
   * end; a cohort that has ended is refused.
   */
  static Instant expiry(Wish wish, Instant now) {
    Instant expiresAt = now.plus(wish.duration());
    Cohort cohort = wish.cohort();
    if (cohort != null) {
      if (cohort.hasEndedAt(now)) {
        throw new Conflict(
            Problem.of("cohort_ended", "Cohort {0} ended at {1}.", cohort.name(), cohort.endsAt()));
      }
      if (expiresAt.isAfter(cohort.endsAt())) {
        expiresAt = cohort.endsAt(); // a cohort's sandboxes never outlive it
      }
    }
    return expiresAt;
  }

  /** The message of a new sandbox's {@code REQUESTED} event. */
  static String requested(
      String requestedBy, Owner owner, Wish wish, Instant now, Instant expiresAt) {
    Cohort cohort = wish.cohort();
    return "Requested by "
        + requestedBy
        + (requestedBy.equals(owner.email()) ? "" : " for " + owner.email())
        + " from template "
        + wish.template().name()
        + " for "
        + Durations.format(Duration.between(now, expiresAt))
        + (cohort == null ? "" : " in cohort " + cohort.name())
        + (wish.datasets().isEmpty()
            ? ""
            : ", with datasets "
                + String.join(", ", wish.datasets().stream().map(DatasetVersion::ref).toList()))
        + ".";
  }
}
