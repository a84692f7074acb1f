package bzh.estran.sandbox;

import bzh.estran.auth.core.Principal;
import bzh.estran.catalog.core.Catalog;
import bzh.estran.catalog.core.Template;
import bzh.estran.db.UniqueViolations;
import bzh.estran.errors.Conflict;
import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.InvalidRequest;
import bzh.estran.errors.NotFound;
import bzh.estran.kube.core.SandboxNames;
import bzh.estran.quota.QuotaAdmission;
import bzh.estran.quota.core.CoreTime;
import bzh.estran.sandbox.core.Durations;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxAccess;
import bzh.estran.sandbox.core.SandboxEvent;
import bzh.estran.sandbox.core.SandboxRequest;
import bzh.estran.sandbox.core.SandboxState;
import bzh.estran.tenancy.TenancyDao;
import bzh.estran.tenancy.core.Institution;
import bzh.estran.tenancy.core.Names;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The sandbox lifecycle as callers see it: create, look, extend, delete, expire. Every change is
 * written to the database first; the cluster follows through the {@link ReconcileQueue}.
 */
public final class SandboxService {

  private static final String NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final Jdbi jdbi;
  private final Catalog catalog;
  private final ReconcileQueue queue;
  private final Clock clock;
  private final MeterRegistry meters;
  private final QuotaAdmission quota;
  private final SecureRandom random = new SecureRandom();

  public SandboxService(
      Jdbi jdbi,
      Catalog catalog,
      ReconcileQueue queue,
      QuotaAdmission quota,
      Clock clock,
      MeterRegistry meters) {
    this.jdbi = jdbi;
    this.quota = quota;
    this.catalog = catalog;
    this.queue = queue;
    this.clock = clock;
    this.meters = meters;
  }

  /**
   * Admits a new sandbox in state PROVISIONING, books its reservation and queues its provisioning.
   * Bad input is refused with {@link InvalidRequest} before anything is written; a demand over
   * quota with {@link bzh.estran.errors.QuotaExceeded}, and nothing is written either.
   */
  public Sandbox create(Principal caller, SandboxRequest request) {
    FieldErrors errors = new FieldErrors();
    Template template = template(request.template(), errors);
    Duration duration = duration(request.duration(), template, errors);
    checkName(request.name(), errors);
    if (request.datasets() != null && !request.datasets().isEmpty()) {
      errors.add("datasets", "names unknown datasets " + request.datasets() + " (none is published yet)");
    }
    if (request.cohort() != null) {
      errors.add("cohort", "names an unknown cohort");
    }
    errors.throwIfAny();
    String nameTaken = "You already have a live sandbox named " + request.name() + ".";
    Sandbox created = UniqueViolations.asConflict(() ->
        jdbi.inTransaction(
            handle -> {
              Institution institution = institutionFor(handle, caller, request.institution());
              QuotaAdmission.lock(handle, institution.id());
              SandboxDao dao = handle.attach(SandboxDao.class);
              String name = request.name() != null ? request.name() : freeName(dao, caller, template);
              if (dao.countLiveNamed(caller.id(), name) > 0) {
                throw new Conflict("You already have a live sandbox named " + name + ".");
              }
              Instant now = clock.instant();
              String period = quota.period(now);
              long minutes = CoreTime.reservedMinutes(duration);
              quota.admitNew(handle, institution.id(), caller.id(), template.size(), minutes, period);
              UUID id = UUID.randomUUID();
              dao.insert(
                  id, name, caller.id(), institution.id(), null, template.name(), new String[0],
                  template.size().cpu(), template.size().memoryGiB(), template.size().storageGiB(),
                  SandboxNames.namespace(id), now, now.plus(duration), period);
              Sandbox sandbox = dao.find(id).orElseThrow();
              quota.reserve(handle, sandbox, minutes, period, now);
              dao.addEvent(id, now, SandboxEvent.REQUESTED,
                  "Requested by " + caller.user().email() + " from template " + template.name()
                      + " for " + Durations.format(duration) + ".");
              return sandbox;
            }), nameTaken);
    meters.counter("estran.sandboxes.requested", "template", template.name()).increment();
    queue.submit(created.id());
    return created;
  }

  /** One sandbox with its events; {@link NotFound} when the caller may not see it. */
  public SandboxDetails get(Principal caller, UUID id) {
    return jdbi.withHandle(
        handle -> {
          SandboxDao dao = handle.attach(SandboxDao.class);
          Sandbox sandbox = visible(dao, caller, id);
          return new SandboxDetails(sandbox, dao.events(id));
        });
  }

  /** The sandboxes the caller may see, narrowed by the filter, newest first. */
  public List<Sandbox> list(Principal caller, SandboxFilter filter) {
    return jdbi.withExtension(SandboxDao.class, dao -> filter.query(dao, caller));
  }

  /**
   * Pushes the expiry back by {@code durationText}, within the template's maximum counted from
   * creation and within the quota (the extra core-hours are booked).
   */
  public Sandbox extend(Principal caller, UUID id, String durationText) {
    return jdbi.inTransaction(
        handle -> {
          SandboxDao dao = handle.attach(SandboxDao.class);
          Sandbox sandbox = lockedManageable(handle, dao, caller, id);
          Duration extra =
              Durations.parse(durationText)
                  .filter(d -> !d.isNegative() && !d.isZero())
                  .orElseThrow(
                      () -> InvalidRequest.field("duration", "must be a positive ISO-8601 duration such as PT4H"));
          if (!sandbox.state().wantsNamespace()) {
            throw new Conflict("The sandbox is " + sandbox.state() + " and can no longer be extended.");
          }
          Duration max = catalog.find(sandbox.template()).map(Template::maxDuration).orElse(Duration.ZERO);
          Instant limit = sandbox.createdAt().plus(max);
          Instant newExpiry = sandbox.expiresAt().plus(extra);
          if (newExpiry.isAfter(limit)) {
            Duration left = Duration.between(sandbox.expiresAt(), limit);
            throw InvalidRequest.field(
                "duration",
                "would take the sandbox past its maximum life of " + Durations.format(max)
                    + " from creation; at most " + Durations.format(left.isNegative() ? Duration.ZERO : left)
                    + " more can be added");
          }
          long minutes = CoreTime.reservedMinutes(extra);
          quota.admitExtension(handle, sandbox, minutes);
          Instant now = clock.instant();
          if (dao.extend(id, sandbox.expiresAt(), newExpiry, now) == 0) {
            throw new Conflict("The sandbox changed meanwhile; try again.");
          }
          quota.extend(handle, sandbox, minutes, now);
          dao.addEvent(id, now, SandboxEvent.EXTENDED,
              "Extended by " + Durations.format(extra) + " by " + caller.user().email()
                  + "; now expires at " + newExpiry + ".");
          queue.submit(id);
          return dao.find(id).orElseThrow();
        });
  }

  /**
   * Starts deleting the sandbox and refunds its unused whole minutes; asking again while it is
   * DELETING changes nothing.
   */
  public Sandbox delete(Principal caller, UUID id) {
    Sandbox deleting =
        jdbi.inTransaction(
            handle -> {
              SandboxDao dao = handle.attach(SandboxDao.class);
              Sandbox sandbox = lockedManageable(handle, dao, caller, id);
              if (sandbox.state().isFinal()) {
                throw new Conflict("The sandbox is already " + sandbox.state() + ".");
              }
              if (sandbox.state() != SandboxState.DELETING) {
                Instant now = clock.instant();
                if (dao.transition(id, sandbox.state(), SandboxState.DELETING, now) == 0) {
                  throw new Conflict("The sandbox changed meanwhile; try again.");
                }
                quota.refundUnused(handle, sandbox, now, "deleted early by " + caller.user().email());
                dao.addEvent(id, now, SandboxEvent.DELETE_REQUESTED,
                    "Deletion requested by " + caller.user().email() + ".");
              }
              return dao.find(id).orElseThrow();
            });
    queue.submit(id);
    return deleting;
  }

  /** Ends every sandbox due by {@code now}, including those that fell due while Estran was down. */
  public int expireDue(Instant now) {
    List<UUID> due =
        jdbi.inTransaction(
            handle -> {
              SandboxDao dao = handle.attach(SandboxDao.class);
              List<UUID> ids = dao.expireDue(now);
              for (UUID id : ids) {
                dao.addEvent(id, now, SandboxEvent.EXPIRED, "Expired; deleting.");
              }
              return ids;
            });
    due.forEach(queue::submit);
    meters.counter("estran.sandboxes.expired").increment(due.size());
    return due.size();
  }

  private Template template(String name, FieldErrors errors) {
    if (!errors.required("template", name)) {
      return null;
    }
    return catalog.find(name).orElseGet(() -> {
      errors.add("template", "names no template (known: " + catalog.templates().stream().map(Template::name).collect(java.util.stream.Collectors.joining(", ")) + ")");
      return null;
    });
  }

  private static Duration duration(String text, Template template, FieldErrors errors) {
    if (template == null) {
      return null;
    }
    if (text == null) {
      return template.defaultDuration();
    }
    Duration duration = Durations.parse(text).orElse(null);
    if (duration == null) {
      errors.add("duration", "must be an ISO-8601 duration such as PT8H or P2D");
    } else if (duration.compareTo(Durations.MINIMUM) < 0) {
      errors.add("duration", "must be at least " + Durations.format(Durations.MINIMUM));
    } else if (duration.compareTo(template.maxDuration()) > 0) {
      errors.add("duration", "must not exceed " + Durations.format(template.maxDuration())
          + ", the maximum of template " + template.name());
    }
    return duration;
  }

  private static void checkName(String name, FieldErrors errors) {
    if (name != null && !Names.isSandboxName(name)) {
      errors.add("name", "must be 1 to 40 lowercase letters, digits or inner hyphens");
    }
  }

  private static Institution institutionFor(Handle handle, Principal caller, String slug) {
    TenancyDao tenancy = handle.attach(TenancyDao.class);
    if (slug == null) {
      if (caller.memberships().size() != 1) {
        throw InvalidRequest.field("institution",
            "is required: you belong to " + caller.memberships().size() + " institutions");
      }
      slug = caller.memberships().get(0).institutionSlug();
    }
    String wanted = slug;
    Institution institution = tenancy.findInstitution(wanted)
        .filter(found -> caller.canSee(found.id()))
        .orElseThrow(() -> new NotFound("No institution " + wanted + "."));
    if (caller.roleIn(institution.id()).isEmpty() && !caller.isPlatformAdmin()) {
      throw new Forbidden("You are not a member of " + wanted + ".");
    }
    return institution;
  }


  private String freeName(SandboxDao dao, Principal caller, Template template) {
    while (true) {
      StringBuilder name = new StringBuilder(template.name()).append('-');
      for (int i = 0; i < 5; i++) {
        name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
      }
      if (dao.countLiveNamed(caller.id(), name.toString()) == 0) {
        return name.toString();
      }
    }
  }

  static Sandbox visible(SandboxDao dao, Principal caller, UUID id) {
    return dao.find(id)
        .filter(sandbox -> SandboxAccess.canSee(caller, sandbox))
        .orElseThrow(() -> new NotFound("No sandbox " + id + "."));
  }

  /**
   * The sandbox, read again under its institution's lock so that extensions, deletions and
   * admissions of that institution see each other's writes.
   */
  private static Sandbox lockedManageable(Handle handle, SandboxDao dao, Principal caller, UUID id) {
    Sandbox sandbox = visible(dao, caller, id);
    if (!SandboxAccess.canManage(caller, sandbox)) {
      throw new Forbidden("You may not change sandbox " + id + ".");
    }
    QuotaAdmission.lock(handle, sandbox.institutionId());
    return dao.find(id).orElseThrow();
  }

  /** A sandbox with its history. */
  public record SandboxDetails(Sandbox sandbox, List<SandboxEvent> events) {}
}
