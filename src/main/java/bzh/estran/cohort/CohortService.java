package bzh.estran.cohort;

import bzh.estran.auth.core.Principal;
import bzh.estran.cohort.core.Cohort;
import bzh.estran.cohort.core.Cohort.CohortLimits;
import bzh.estran.cohort.core.CohortRole;
import bzh.estran.cohort.core.JoinCodes;
import bzh.estran.db.UniqueViolations;
import bzh.estran.errors.Conflict;
import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.InvalidRequest;
import bzh.estran.errors.NotFound;
import bzh.estran.errors.Problem;
import bzh.estran.sandbox.core.Durations;
import bzh.estran.tenancy.Institutions;
import bzh.estran.tenancy.TenancyDao;
import bzh.estran.tenancy.core.Institution;
import bzh.estran.tenancy.core.Names;
import bzh.estran.tenancy.core.Role;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Cohorts: creating them, seeing them, their join codes and joining. Cohort managers and the
 * institution's admins manage a cohort; its members see it.
 */
public final class CohortService {

  private final Jdbi jdbi;
  private final JoinCodes codes;
  private final Clock clock;

  public CohortService(Jdbi jdbi, JoinCodes codes, Clock clock) {
    this.jdbi = jdbi;
    this.codes = codes;
    this.clock = clock;
  }

  /** What a cohort is created with; every field but name and dates may be null. */
  public record CohortRequest(
      String name,
      Instant startsAt,
      Instant endsAt,
      String maxSandboxDuration,
      LimitsRequest limits,
      JoinCodeRequest joinCode) {}

  public record LimitsRequest(
      Integer maxSandboxes,
      BigDecimal cpu,
      BigDecimal memoryGiB,
      BigDecimal storageGiB,
      BigDecimal coreHoursPerMonth) {}

  /** How long a join code is valid and how many times it may be used (null: no limit). */
  public record JoinCodeRequest(Instant expiresAt, Integer maxUses) {}

  /** A cohort as a caller sees it: the join code only for those who manage it. */
  public record CohortView(Cohort cohort, boolean managed) {}

  /**
   * A new cohort in the institution (its cohort managers and admins, platform admins); the creator
   * becomes one of its managers.
   */
  public CohortView create(Principal caller, String slug, CohortRequest request) {
    Institution institution = Institutions.visibleTo(jdbi, caller, slug);
    Role role = caller.roleIn(institution.id()).orElse(null);
    if (!caller.isPlatformAdmin()
        && role != Role.COHORT_MANAGER
        && role != Role.INSTITUTION_ADMIN) {
      throw new Forbidden("Only cohort managers and admins of " + slug + " may create cohorts.");
    }
    Instant now = clock.instant();
    FieldErrors errors = new FieldErrors();
    if (errors.required("name", request.name()) && request.name().length() > 100) {
      errors.add("name", Problem.of("at_most_characters", "must be at most {0} characters", 100));
    }
    if (Names.hasControlCharacters(request.name())) {
      errors.add("name", Names.CONTROL_CHARACTERS);
    }
    errors.required("startsAt", request.startsAt());
    if (errors.required("endsAt", request.endsAt())) {
      if (request.startsAt() != null && !request.endsAt().isAfter(request.startsAt())) {
        errors.add("endsAt", Problem.of("must_be_after_startsat", "must be after startsAt"));
      } else if (!request.endsAt().isAfter(now)) {
        errors.add("endsAt", Problem.of("must_be_in_the_future", "must be in the future"));
      }
    }
    Duration maxDuration = null;
    if (request.maxSandboxDuration() != null) {
      maxDuration = Durations.parse(request.maxSandboxDuration()).orElse(null);
      if (maxDuration == null || maxDuration.compareTo(Durations.MINIMUM) < 0) {
        errors.add(
            "maxSandboxDuration",
            Problem.of(
                "must_be_an_iso_8601_duration_of_at_least_pt10m",
                "must be an ISO-8601 duration of at least PT10M"));
      }
    }
    CohortLimits limits = limits(request.limits(), errors);
    JoinCodeRequest code =
        request.joinCode() == null ? new JoinCodeRequest(null, null) : request.joinCode();
    checkCode(code, now, errors);
    errors.throwIfAny();
    UUID id = UUID.randomUUID();
    Long seconds = maxDuration == null ? null : maxDuration.toSeconds();
    Problem taken =
        Problem.of(
            "cohort_name_taken",
            "A cohort named {0} already exists in {1}.",
            request.name().trim(),
            slug);
    return UniqueViolations.asConflict(
        () ->
            jdbi.inTransaction(
                handle -> {
                  CohortDao dao = handle.attach(CohortDao.class);
                  dao.insert(
                      id,
                      institution.id(),
                      request.name().trim(),
                      request.startsAt(),
                      request.endsAt(),
                      seconds,
                      limits.maxSandboxes(),
                      limits.cpu(),
                      limits.memoryGiB(),
                      limits.storageGiB(),
                      limits.coreHoursPerMonth(),
                      codes.next(),
                      code.expiresAt(),
                      code.maxUses(),
                      caller.id(),
                      now);
                  dao.addMember(id, caller.id(), CohortRole.MANAGER.wire(), now);
                  return new CohortView(dao.find(id).orElseThrow(), true);
                }),
        taken);
  }

  /** One cohort; {@link NotFound} for callers neither in it nor managing it. */
  public CohortView get(Principal caller, UUID id) {
    Cohort cohort = visible(caller, id);
    return new CohortView(cohort, caller.manages(cohort.id(), cohort.institutionId()));
  }

  /** The institution's cohorts: all for its admins, else those the caller is in. */
  public List<CohortView> list(Principal caller, String slug) {
    Institution institution = Institutions.visibleTo(jdbi, caller, slug);
    List<Cohort> cohorts =
        jdbi.withExtension(
            CohortDao.class,
            dao ->
                caller.administers(institution.id())
                    ? dao.listOf(institution.id())
                    : dao.listOfMember(institution.id(), caller.id()));
    return cohorts.stream()
        .map(c -> new CohortView(c, caller.manages(c.id(), c.institutionId())))
        .toList();
  }

  /** The cohort's members and managers (for those who manage it). */
  public List<CohortDao.Member> members(Principal caller, UUID id) {
    Cohort cohort = managed(caller, id);
    return jdbi.withExtension(CohortDao.class, dao -> dao.members(cohort.id()));
  }

  /** Replaces the join code: the old one stops working at once. */
  public CohortView rotateCode(Principal caller, UUID id, JoinCodeRequest request) {
    Cohort cohort = managed(caller, id);
    JoinCodeRequest code = request == null ? new JoinCodeRequest(null, null) : request;
    FieldErrors errors = new FieldErrors();
    checkCode(code, clock.instant(), errors);
    errors.throwIfAny();
    return jdbi.inTransaction(
        handle -> {
          CohortDao dao = handle.attach(CohortDao.class);
          dao.rotateCode(cohort.id(), codes.next(), code.expiresAt(), code.maxUses());
          return new CohortView(dao.find(cohort.id()).orElseThrow(), true);
        });
  }

  /**
   * Joins the cohort whose code this is: the caller becomes a member of the cohort and of its
   * institution (an existing institution role is kept). Joining again changes nothing and uses no
   * more of the code.
   */
  public CohortView join(Principal caller, String typedCode) {
    if (typedCode == null || typedCode.isBlank()) {
      throw InvalidRequest.field("code", Problem.of("is_required", "is required"));
    }
    String code = JoinCodes.normalise(typedCode);
    Instant now = clock.instant();
    return jdbi.inTransaction(
        handle -> {
          CohortDao dao = handle.attach(CohortDao.class);
          Cohort cohort =
              dao.findByCode(code)
                  .orElseThrow(
                      () -> new NotFound("No cohort has this join code; ask for the current one."));
          if (caller.isIn(cohort.id())) {
            return new CohortView(cohort, caller.manages(cohort.id(), cohort.institutionId()));
          }
          if (cohort.hasEndedAt(now)) {
            throw new Conflict(
                Problem.of(
                    "cohort_ended", "Cohort {0} ended at {1}.", cohort.name(), cohort.endsAt()));
          }
          cohort
              .joinCode()
              .unusableAt(now)
              .ifPresent(
                  reason -> {
                    throw InvalidRequest.field(
                        "code", Problem.of(reason.replace(' ', '_'), reason));
                  });
          if (dao.useCode(cohort.id(), now) == 0) {
            throw InvalidRequest.field("code", Problem.of("has_been_used_up", "has been used up"));
          }
          handle
              .attach(TenancyDao.class)
              .insertMembership(caller.id(), cohort.institutionId(), Role.MEMBER.wire(), now);
          dao.addMember(cohort.id(), caller.id(), CohortRole.MEMBER.wire(), now);
          return new CohortView(dao.find(cohort.id()).orElseThrow(), false);
        });
  }

  /** The cohort if the caller manages it; 404 if they cannot see it, 403 if they only see it. */
  public Cohort managed(Principal caller, UUID id) {
    Cohort cohort = visible(caller, id);
    if (!caller.manages(cohort.id(), cohort.institutionId())) {
      throw new Forbidden("Only the managers of cohort " + cohort.name() + " may do this.");
    }
    return cohort;
  }

  /** The cohort if the caller is in it or manages it, else {@link NotFound}. */
  public Cohort visible(Principal caller, UUID id) {
    return jdbi.withExtension(CohortDao.class, dao -> dao.find(id))
        .filter(cohort -> caller.canSeeCohort(cohort.id(), cohort.institutionId()))
        .orElseThrow(() -> new NotFound("No cohort " + id + "."));
  }

  private static CohortLimits limits(LimitsRequest request, FieldErrors errors) {
    if (request == null) {
      return CohortLimits.NONE;
    }
    if (request.maxSandboxes() != null && request.maxSandboxes() < 0) {
      errors.add("limits.maxSandboxes", Problem.of("must_not_be_negative", "must not be negative"));
    }
    nonNegative("limits.cpu", request.cpu(), errors);
    nonNegative("limits.memoryGiB", request.memoryGiB(), errors);
    nonNegative("limits.storageGiB", request.storageGiB(), errors);
    nonNegative("limits.coreHoursPerMonth", request.coreHoursPerMonth(), errors);
    return new CohortLimits(
        request.maxSandboxes(),
        request.cpu(),
        request.memoryGiB(),
        request.storageGiB(),
        request.coreHoursPerMonth());
  }

  private static void nonNegative(String field, BigDecimal value, FieldErrors errors) {
    if (value != null && (value.signum() < 0 || value.scale() > 3)) {
      errors.add(
          field,
          Problem.of(
              "must_be_a_number_of_at_least_0_with_at_most_3_decimals",
              "must be a number of at least 0 with at most 3 decimals"));
    }
  }

  private static void checkCode(JoinCodeRequest code, Instant now, FieldErrors errors) {
    if (code.expiresAt() != null && !code.expiresAt().isAfter(now)) {
      errors.add(
          "joinCode.expiresAt", Problem.of("must_be_in_the_future", "must be in the future"));
    }
    if (code.maxUses() != null && code.maxUses() < 1) {
      errors.add("joinCode.maxUses", Problem.of("at_least", "must be at least {0}", 1));
    }
  }
}
