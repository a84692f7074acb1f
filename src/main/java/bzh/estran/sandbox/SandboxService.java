package bzh.estran.sandbox;

import bzh.estran.audit.AuditLog;
import bzh.estran.auth.core.Principal;
import bzh.estran.catalog.core.Catalog;
import bzh.estran.catalog.core.Template;
import bzh.estran.cohort.CohortDao;
import bzh.estran.cohort.core.Cohort;
import bzh.estran.dataset.DatasetGrants;
import bzh.estran.dataset.core.DatasetVersion;
import bzh.estran.db.UniqueViolations;
import bzh.estran.errors.Conflict;
import bzh.estran.errors.EstranException;
import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.InvalidRequest;
import bzh.estran.errors.NotFound;
import bzh.estran.errors.Problem;
import bzh.estran.notify.Notices;
import bzh.estran.notify.core.NoticeKind;
import bzh.estran.quota.QuotaAdmission;
import bzh.estran.quota.core.CoreTime;
import bzh.estran.sandbox.core.Durations;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxAccess;
import bzh.estran.sandbox.core.SandboxEvent;
import bzh.estran.sandbox.core.SandboxRequest;
import bzh.estran.sandbox.core.SandboxState;
import bzh.estran.tenancy.Institutions;
import bzh.estran.tenancy.core.Institution;
import bzh.estran.tenancy.core.Names;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.HandleSupplier;

/**
 * The sandbox lifecycle as callers see it: create, look, extend, delete, expire. Every change is
 * written to the database first; the cluster follows through the {@link ReconcileQueue}.
 */
public final class SandboxService {

  private static final SandboxDao.WithEventMapper WITH_EVENT = new SandboxDao.WithEventMapper();

  private final Jdbi jdbi;
  private final Catalog catalog;
  private final ReconcileQueue queue;
  private final Clock clock;
  private final MeterRegistry meters;
  private final QuotaAdmission quota;
  private final SandboxAdmission admission;
  private final Notices notices;
  private final io.micrometer.core.instrument.Timer lateness;
  private final DatasetGrants datasets;
  private final SandboxViews views;
  private final SandboxListings listings;

  public SandboxService(
      Jdbi jdbi,
      Catalog catalog,
      ReconcileQueue queue,
      QuotaAdmission quota,
      Clock clock,
      MeterRegistry meters,
      Notices notices,
      DatasetGrants datasets,
      SandboxViews views,
      SandboxListings listings) {
    this.jdbi = jdbi;
    this.views = views;
    this.listings = listings;
    this.quota = quota;
    this.notices = notices;
    this.datasets = datasets;
    this.admission = new SandboxAdmission(quota, clock, notices, datasets);
    this.lateness =
        io.micrometer.core.instrument.Timer.builder("estran.expiry.lateness")
            .description("From a sandbox's expiry to its move to DELETING")
            .serviceLevelObjectives(SandboxMetrics.LATENESS_BUCKETS)
            .register(meters);
    this.catalog = catalog;
    this.queue = queue;
    this.clock = clock;
    this.meters = meters;
  }

  /**
   * Admits a new sandbox in state PROVISIONING, books its reservation and queues its provisioning.
   * Bad input is refused with {@link InvalidRequest} before anything is written; a demand over
   * quota with {@link bzh.estran.errors.QuotaExceeded}, and nothing is written either. In a cohort,
   * the sandbox never outlives the cohort and counts against its sub-limits too.
   */
  public Sandbox create(Principal caller, SandboxRequest request) {
    return admitAlone(check(caller, request));
  }

  /**
   * A creation checked ({@link #check}) and not yet admitted: who asks, for whom, what, in which
   * institution.
   */
  public static final class Checked {
    final SandboxAdmission.Owner owner;
    final String requestedBy;
    final SandboxAdmission.Wish wish;

    private Checked(SandboxAdmission.Owner owner, String requestedBy, SandboxAdmission.Wish wish) {
      this.owner = owner;
      this.requestedBy = requestedBy;
      this.wish = wish;
    }

    /** The institution the sandbox is asked in, by whose lock it is admitted. */
    public UUID institutionId() {
      return wish.institutionId();
    }
  }

  /**
   * The first half of {@link #create}: checks the input (every field error in one {@link
   * InvalidRequest}) and resolves the institution, writing nothing and locking nothing. The second
   * half is {@link #admitAlone}, or an {@link AdmissionGroups admission group}.
   */
  public Checked check(Principal caller, SandboxRequest request) {
    FieldErrors errors = new FieldErrors();
    Template template = template(request.template(), errors);
    checkName(request.name(), errors);
    List<DatasetVersion> versions = datasetsFor(request.datasets(), template, errors);
    UUID cohortId = null;
    if (request.cohort() != null) {
      cohortId = uuid(request.cohort()).orElse(null);
      if (cohortId == null) {
        errors.add("cohort", Problem.of("must_be_a_cohort_id", "must be a cohort id"));
      }
    }
    Cohort cohort = cohortId == null ? null : cohortOfCaller(caller, cohortId);
    Duration duration = duration(request.duration(), template, cohort, errors);
    errors.throwIfAny();
    Institution institution =
        jdbi.withHandle(handle -> institutionFor(handle, caller, request.institution(), cohort));
    return new Checked(
        new SandboxAdmission.Owner(caller.id(), caller.user().email()),
        caller.user().email(),
        new SandboxAdmission.Wish(
            template, duration, request.name(), institution.id(), cohort, versions));
  }

  /**
   * Admits a checked creation on its own, in its own transaction (the caller's when it has one):
   * the sandbox is written first and the institution's lock taken last ({@link SandboxAdmission}).
   */
  public Sandbox admitAlone(Checked checked) {
    Sandbox created =
        UniqueViolations.asConflictOrRaced(
            () ->
                jdbi.inTransaction(
                    handle ->
                        admission.admit(handle, checked.owner, checked.requestedBy, checked.wish)),
            nameTaken(checked.wish.name()),
            Problem.of(
                "creation_raced",
                "Another creation of yours was admitted at the same moment; ask again."));
    admitted(created);
    queueAfterCommit(created.id());
    return created;
  }

  /** What a name taken by a simultaneous admission (the unique index says so) is refused with. */
  static Problem nameTaken(String name) {
    return Problem.of("own_name_taken", "You already have a live sandbox named {0}.", name);
  }

  /** Counts an admitted sandbox. */
  void admitted(Sandbox sandbox) {
    meters.counter("estran.sandboxes.requested", "template", sandbox.template()).increment();
  }

  /**
   * The group admission of this service's sandboxes, writing each admitted request's audit entry
   * with {@code audit}; made once per replica, by {@link AdmissionGroups}.
   */
  GroupAdmission groupAdmission(AuditLog audit) {
    return new GroupAdmission(jdbi, admission, quota, notices, datasets, audit, clock, this, queue);
  }

  /** What a cohort manager asks for the whole cohort. */
  public record CohortSandboxes(String template, List<String> datasets, String duration) {}

  /** One member for whom no sandbox was made, and why. */
  public record Refused(
      String member,
      String code,
      String message,
      java.util.Map<String, Object> details,
      Problem sentence) {}

  /** One member skipped because they already have a live sandbox of this cohort. */
  public record Skipped(String member, UUID sandbox) {}

  public record BulkResult(List<Sandbox> created, List<Refused> refused, List<Skipped> skipped) {}

  /**
   * One sandbox for each member of the cohort who has no live sandbox of it yet (its managers
   * excepted), each admitted on its own: a member refused by the quota does not stop the others.
   * Calling it twice creates nothing the second time.
   */
  public BulkResult createForCohort(Principal caller, Cohort cohort, CohortSandboxes request) {
    FieldErrors errors = new FieldErrors();
    Template template = template(request.template(), errors);
    List<DatasetVersion> versions = datasetsFor(request.datasets(), template, errors);
    errors.throwIfAny();
    Duration duration = duration(request.duration(), template, cohort, errors);
    errors.throwIfAny();
    List<CohortDao.Member> members =
        jdbi.withExtension(CohortDao.class, dao -> dao.members(cohort.id()));
    List<Sandbox> created = new java.util.ArrayList<>();
    List<Refused> refused = new java.util.ArrayList<>();
    List<Skipped> skipped = new java.util.ArrayList<>();
    for (CohortDao.Member member : members) {
      if (!member.role().equals("member")) {
        continue;
      }
      SandboxAdmission.Owner owner = new SandboxAdmission.Owner(member.userId(), member.email());
      try {
        Object outcome =
            jdbi.inTransaction(
                handle -> {
                  QuotaAdmission.lock(handle, cohort.institutionId());
                  Optional<UUID> live =
                      handle.attach(SandboxDao.class).liveInCohort(member.userId(), cohort.id());
                  if (live.isPresent()) {
                    return new Skipped(member.email(), live.get());
                  }
                  return admission.admitUnderLock(
                      handle,
                      owner,
                      caller.user().email(),
                      new SandboxAdmission.Wish(
                          template, duration, null, cohort.institutionId(), cohort, versions));
                });
        if (outcome instanceof Sandbox sandbox) {
          created.add(sandbox);
          meters.counter("estran.sandboxes.requested", "template", template.name()).increment();
          queueAfterCommit(sandbox.id());
        } else {
          skipped.add((Skipped) outcome);
        }
      } catch (EstranException e) {
        refused.add(
            new Refused(
                member.email(),
                e.code(),
                e.getMessage(),
                e.details(),
                e.sentence().orElse(Problem.untranslated(e.getMessage()))));
      }
    }
    return new BulkResult(created, refused, skipped);
  }

  /**
   * Whether a provisioning sandbox is still waiting in this process's queue for the cluster work to
   * start (so a page can tell "queued" from "provisioning").
   */
  public boolean waitingForCluster(UUID id) {
    return queue.isWaiting(id);
  }

  /**
   * One sandbox with its events, read in one statement or kept from a read less than {@code
   * ESTRAN_AUTH_CACHE_TTL} ago ({@link SandboxViews}); {@link NotFound} when the caller may not see
   * it, checked every time.
   */
  public SandboxDetails get(Principal caller, UUID id) {
    // kept a moment (SandboxViews), except inside a transaction, which must see its own writes
    SandboxDetails details =
        jdbi.getHandleScope().get() == null ? views.get(id, this::read) : read(id);
    if (details == null || !SandboxAccess.canSee(caller, details.sandbox())) {
      throw new NotFound("No sandbox " + id + ".");
    }
    return details;
  }

  /**
   * {@link #get} in the form {@code render} gives it (for the API, the bytes of its JSON), made
   * once per read and kept with it ({@link SandboxViews}), except inside a transaction; {@link
   * NotFound} when the caller may not see it, checked every time. {@code render} must give equal
   * forms for equal sandboxes: the forms of one call site are kept together (keyed by its class).
   */
  public byte[] shown(Principal caller, UUID id, Function<SandboxDetails, byte[]> render) {
    SandboxViews.Kept kept;
    if (jdbi.getHandleScope().get() == null) {
      kept = views.shown(id, this::read, render);
    } else {
      SandboxDetails details = read(id);
      kept = details == null ? null : new SandboxViews.Kept(details, render.apply(details));
    }
    if (kept == null || !SandboxAccess.canSee(caller, kept.details().sandbox())) {
      throw new NotFound("No sandbox " + id + ".");
    }
    return kept.body();
  }

  /** The sandbox with its events, from the database; null when there is none. */
  private SandboxDetails read(UUID id) {
    // the fluent API with the mapper given: SandboxDao's SqlObject machinery would attach the whole
    // DAO again for this one call, at more CPU than the query itself
    List<SandboxDao.WithEvent> rows =
        jdbi.withHandle(
            handle ->
                handle.createQuery(SandboxDao.WITH_EVENTS).bind("id", id).map(WITH_EVENT).list());
    if (rows.isEmpty()) {
      return null;
    }
    return new SandboxDetails(
        rows.get(0).sandbox(),
        rows.stream().map(SandboxDao.WithEvent::event).filter(e -> e != null).toList());
  }

  /** The sandboxes the caller may see, narrowed by the filter, newest first. */
  public List<Sandbox> list(Principal caller, SandboxFilter filter) {
    return jdbi.withHandle(handle -> filter.query(handle, caller));
  }

  /** One page of {@link #list}, and how many sandboxes the filter selects across all pages. */
  public record Listing(List<Sandbox> sandboxes, long total) {}

  /**
   * A page of the sandboxes the caller may see, with their total, read in one statement (a page
   * past the end, empty, asks for the total on its own).
   */
  public Listing page(Principal caller, SandboxFilter filter) {
    return jdbi.withHandle(
        handle -> {
          List<SandboxDao.Counted> rows = filter.queryCounted(handle, caller);
          if (rows.isEmpty()) {
            return new Listing(List.of(), filter.offset() == 0 ? 0 : filter.count(handle, caller));
          }
          return new Listing(
              rows.stream().map(SandboxDao.Counted::sandbox).toList(), rows.get(0).total());
        });
  }

  /**
   * {@link #page} in the form {@code render} gives its sandboxes (for the API, the bytes of their
   * JSON), kept from a read less than {@code ESTRAN_AUTH_CACHE_TTL} ago ({@link SandboxListings})
   * under the caller's scope as this principal gives it, the filter and the form; read again after
   * every change committed on this replica. Always read, never kept, inside a transaction, which
   * must see its own writes. {@code render} must give equal forms for equal sandboxes: the pages of
   * one call site are kept together (keyed by its class).
   */
  public SandboxListings.Shown page(
      Principal caller, SandboxFilter filter, Function<List<Sandbox>, byte[]> render) {
    Supplier<SandboxListings.Shown> read =
        () -> {
          Listing listing = page(caller, filter);
          return new SandboxListings.Shown(
              render.apply(listing.sandboxes()), listing.sandboxes().size(), listing.total());
        };
    return jdbi.getHandleScope().get() == null
        ? listings.get(filter.scope(caller), filter, render.getClass(), read)
        : read.get();
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
                      () ->
                          InvalidRequest.field(
                              "duration",
                              Problem.of(
                                  "must_be_a_positive_iso_8601_duration_such_as_pt4h",
                                  "must be a positive ISO-8601 duration such as PT4H")));
          if (!sandbox.state().wantsNamespace()) {
            throw new Conflict(
                Problem.of(
                    "sandbox_not_extendable",
                    "The sandbox is {0} and can no longer be extended.",
                    Problem.word("state." + sandbox.state(), sandbox.state().toString())));
          }
          Cohort cohort =
              sandbox.cohortId() == null
                  ? null
                  : handle.attach(CohortDao.class).find(sandbox.cohortId()).orElseThrow();
          Duration max =
              catalog
                  .find(sandbox.template())
                  .map(template -> maxLife(template, cohort))
                  .orElse(Duration.ZERO);
          Instant limit = sandbox.createdAt().plus(max);
          Problem why =
              Problem.of(
                  "max_life_from_creation",
                  "its maximum life of {0} from creation",
                  new Problem.Span(max, Durations.format(max)));
          if (cohort != null && cohort.endsAt().isBefore(limit)) {
            limit = cohort.endsAt();
            why =
                Problem.of(
                    "end_of_cohort", "the end of cohort {0} ({1})", cohort.name(), cohort.endsAt());
          }
          Instant newExpiry = sandbox.expiresAt().plus(extra);
          if (newExpiry.isAfter(limit)) {
            Duration left = Duration.between(sandbox.expiresAt(), limit);
            throw InvalidRequest.field(
                "duration",
                Problem.of(
                    "extension_past",
                    "would take the sandbox past {0}; at most {1} more can be added",
                    why,
                    span(left.isNegative() ? Duration.ZERO : left)));
          }
          long minutes = CoreTime.reservedMinutes(extra);
          quota.admitExtension(handle, sandbox, cohort, minutes);
          Instant now = clock.instant();
          if (dao.extend(id, sandbox.expiresAt(), newExpiry, now) == 0) {
            throw new Conflict(
                Problem.of("sandbox_changed", "The sandbox changed meanwhile; try again."));
          }
          quota.extend(handle, sandbox, minutes, now);
          dao.addEvent(
              id,
              now,
              SandboxEvent.EXTENDED,
              "Extended by "
                  + Durations.format(extra)
                  + " by "
                  + caller.user().email()
                  + "; now expires at "
                  + newExpiry
                  + ".");
          notices.scheduleWarnings(handle, id, newExpiry, now);
          queueAfterCommit(id);
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
                throw new Conflict(
                    Problem.of(
                        "sandbox_already",
                        "The sandbox is already {0}.",
                        Problem.word("state." + sandbox.state(), sandbox.state().toString())));
              }
              markDeleting(
                  handle,
                  dao,
                  id,
                  "deleted early",
                  "Deletion requested by " + caller.user().email() + ".");
              return dao.find(id).orElseThrow();
            });
    queueAfterCommit(id);
    return deleting;
  }

  /**
   * Ends, inside the caller's transaction, the owner's sandboxes that still run (in one
   * institution, or in all when {@code institutionId} is null), refunding their unused minutes.
   * Returns their ids, to {@link #reconcile} once the transaction has committed.
   */
  public List<UUID> endRunningOf(Handle handle, UUID ownerId, UUID institutionId, String reason) {
    SandboxDao dao = handle.attach(SandboxDao.class);
    List<UUID> ended = new java.util.ArrayList<>();
    for (Sandbox found : dao.findRunningOf(ownerId, institutionId)) {
      QuotaAdmission.lock(handle, found.institutionId());
      // the ledger's note names no one: the ledger is never erased, the audit log says who
      if (markDeleting(
          handle, dao, found.id(), "its owner was off-boarded", "Deleted: " + reason + ".")) {
        notices.announce(handle, found.id(), NoticeKind.OFFBOARDED, reason, clock.instant());
        ended.add(found.id());
      }
    }
    return ended;
  }

  /**
   * Moves a running sandbox to DELETING, refunding its unused minutes, under its institution's lock
   * (held by the caller). The reconciler takes no such lock and may move it from PROVISIONING to
   * READY (or FAILED) meanwhile: then it reads it again and retries. False when it no longer runs.
   */
  private boolean markDeleting(
      Handle handle, SandboxDao dao, UUID id, String refundReason, String eventMessage) {
    while (true) {
      Sandbox sandbox = dao.find(id).orElseThrow();
      if (!sandbox.state().wantsNamespace()) {
        return false;
      }
      Instant now = clock.instant();
      if (dao.transition(id, sandbox.state(), SandboxState.DELETING, now) == 1) {
        quota.refundUnused(handle, sandbox, now, refundReason);
        dao.addEvent(id, now, SandboxEvent.DELETE_REQUESTED, eventMessage);
        return true;
      }
    }
  }

  /** Queues the given sandboxes for reconciliation, once the current transaction commits. */
  public void reconcile(List<UUID> ids) {
    ids.forEach(this::queueAfterCommit);
  }

  /**
   * Queues the sandbox when the transaction this thread is in commits (an HTTP request's, which
   * ends after this method returns), or now when there is none: the reconciler, on another thread,
   * must find what was written. A rolled-back transaction queues nothing.
   */
  private void queueAfterCommit(UUID id) {
    HandleSupplier current = jdbi.getHandleScope().get();
    Handle handle = current == null ? null : current.getHandle();
    if (handle != null && handle.isInTransaction()) {
      handle.afterCommit(() -> queue.submit(id));
    } else {
      queue.submit(id);
    }
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
              List<Sandbox> expired = ids.isEmpty() ? List.of() : dao.findAll(ids);
              expired.forEach(
                  sandbox -> lateness.record(Duration.between(sandbox.expiresAt(), now)));
              announceCohortEnds(handle, expired, now);
              return ids;
            });
    due.forEach(queue::submit);
    meters.counter("estran.sandboxes.expired").increment(due.size());
    return due.size();
  }

  /** Mails the owners of sandboxes that ended with their cohort. */
  private void announceCohortEnds(Handle handle, List<Sandbox> expired, Instant now) {
    CohortDao cohorts = handle.attach(CohortDao.class);
    for (Sandbox sandbox : expired) {
      if (sandbox.cohortId() == null) {
        continue;
      }
      cohorts
          .find(sandbox.cohortId())
          .filter(cohort -> !cohort.endsAt().isAfter(sandbox.expiresAt()))
          .ifPresent(
              cohort ->
                  notices.announce(
                      handle, sandbox.id(), NoticeKind.COHORT_ENDED, cohort.name(), now));
    }
  }

  private Template template(String name, FieldErrors errors) {
    if (!errors.required("template", name)) {
      return null;
    }
    return catalog
        .find(name)
        .orElseGet(
            () -> {
              errors.add(
                  "template",
                  Problem.of(
                      "no_such_template",
                      "names no template (known: {0})",
                      catalog.templates().stream()
                          .map(Template::name)
                          .collect(java.util.stream.Collectors.joining(", "))));
              return null;
            });
  }

  private static Duration duration(
      String text, Template template, Cohort cohort, FieldErrors errors) {
    if (template == null) {
      return null;
    }
    Duration max = maxLife(template, cohort);
    if (text == null) {
      return template.defaultDuration().compareTo(max) > 0 ? max : template.defaultDuration();
    }
    Duration duration = Durations.parse(text).orElse(null);
    if (duration == null) {
      errors.add(
          "duration",
          Problem.of(
              "must_be_an_iso_8601_duration_such_as_pt8h_or_p2d",
              "must be an ISO-8601 duration such as PT8H or P2D"));
    } else if (duration.compareTo(Durations.MINIMUM) < 0) {
      errors.add(
          "duration",
          Problem.of("duration_at_least", "must be at least {0}", span(Durations.MINIMUM)));
    } else if (duration.compareTo(max) > 0) {
      errors.add(
          "duration",
          Problem.of(
              "duration_over_max",
              "must not exceed {0}, the maximum of {1}",
              span(max),
              max.equals(template.maxDuration())
                  ? Problem.of("of_template", "template {0}", template.name())
                  : Problem.of("of_cohort", "cohort {0}", cohort.name())));
    }
    return duration;
  }

  private static Problem.Span span(Duration duration) {
    return new Problem.Span(duration, Durations.format(duration));
  }

  /** The longest life a sandbox may have: the template's maximum, or the cohort's if shorter. */
  private static Duration maxLife(Template template, Cohort cohort) {
    Duration max = template.maxDuration();
    if (cohort != null
        && cohort.maxSandboxDuration() != null
        && cohort.maxSandboxDuration().compareTo(max) < 0) {
      max = cohort.maxSandboxDuration();
    }
    return max;
  }

  /**
   * The published versions asked for (each {@code name} or {@code name@version}), checked against
   * what the template's data volume holds; withdrawn versions are refused to new sandboxes.
   */
  private List<DatasetVersion> datasetsFor(
      List<String> refs, Template template, FieldErrors errors) {
    if (refs == null || refs.isEmpty() || template == null) {
      return List.of();
    }
    return datasets.resolve(refs, (long) template.dataVolumeGiB() << 30, template.name(), errors);
  }

  private static Optional<UUID> uuid(String text) {
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A cohort the caller may create sandboxes in: one they are in, or manage. */
  private Cohort cohortOfCaller(Principal caller, UUID cohortId) {
    return jdbi.withExtension(CohortDao.class, dao -> dao.find(cohortId))
        .filter(cohort -> caller.canSeeCohort(cohort.id(), cohort.institutionId()))
        .orElseThrow(() -> new NotFound("No cohort " + cohortId + "."));
  }

  private static void checkName(String name, FieldErrors errors) {
    if (name != null && !Names.isSandboxName(name)) {
      errors.add(
          "name",
          Problem.of(
              "must_be_1_to_40_lowercase_letters_digits_or_inner_hyphens",
              "must be 1 to 40 lowercase letters, digits or inner hyphens"));
    }
  }

  private static Institution institutionFor(
      Handle handle, Principal caller, String slug, Cohort cohort) {
    if (cohort != null) {
      if (slug != null && !slug.equals(cohort.institutionSlug())) {
        throw InvalidRequest.field(
            "institution",
            Problem.of(
                "cohort_institution",
                "must be {0}, the cohort's institution",
                cohort.institutionSlug()));
      }
      return Institutions.bySlug(handle, cohort.institutionSlug()).orElseThrow();
    }
    if (slug == null) {
      if (caller.memberships().size() != 1) {
        throw InvalidRequest.field(
            "institution",
            Problem.of(
                "institution_required",
                "is required: you belong to {0} institutions",
                caller.memberships().size()));
      }
      slug = caller.memberships().get(0).institutionSlug();
    }
    String wanted = slug;
    Institution institution =
        Institutions.bySlug(handle, wanted)
            .filter(found -> caller.canSee(found.id()))
            .orElseThrow(() -> new NotFound("No institution " + wanted + "."));
    if (caller.roleIn(institution.id()).isEmpty() && !caller.isPlatformAdmin()) {
      throw new Forbidden("You are not a member of " + wanted + ".");
    }
    return institution;
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
  private static Sandbox lockedManageable(
      Handle handle, SandboxDao dao, Principal caller, UUID id) {
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
