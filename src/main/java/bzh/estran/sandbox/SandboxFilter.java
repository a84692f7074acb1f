package bzh.estran.sandbox;

import bzh.estran.auth.core.Principal;
import bzh.estran.cohort.core.CohortMembership;
import bzh.estran.cohort.core.CohortRole;
import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Problem;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxState;
import bzh.estran.tenancy.core.Membership;
import bzh.estran.tenancy.core.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The query parameters of a sandbox listing, validated. The SQL it builds is made of fixed
 * fragments only; every value is bound.
 */
public record SandboxFilter(
    SandboxState state, String institution, UUID cohort, boolean ownOnly, int limit, int offset) {

  public static final int MAX_LIMIT = 500;

  /** Parses the query parameters (each may be null). */
  public static SandboxFilter parse(
      String state, String institution, String cohort, String owner, String limit, String offset) {
    FieldErrors errors = new FieldErrors();
    SandboxState parsedState = null;
    if (state != null) {
      try {
        parsedState = SandboxState.valueOf(state);
      } catch (IllegalArgumentException e) {
        errors.add(
            "state",
            Problem.of(
                "must_be_one_of_provisioning_ready_deleting_deleted_failed",
                "must be one of PROVISIONING, READY, DELETING, DELETED, FAILED"));
      }
    }
    if (owner != null && !owner.equals("me")) {
      errors.add("owner", Problem.of("must_be_me_when_given", "must be 'me' when given"));
    }
    UUID cohortId = null;
    if (cohort != null) {
      try {
        cohortId = UUID.fromString(cohort);
      } catch (IllegalArgumentException e) {
        errors.add("cohort", Problem.of("must_be_a_cohort_id", "must be a cohort id"));
      }
    }
    int parsedLimit = number("limit", limit, 100, 1, MAX_LIMIT, errors);
    int parsedOffset = number("offset", offset, 0, 0, Integer.MAX_VALUE, errors);
    errors.throwIfAny();
    return new SandboxFilter(
        parsedState, institution, cohortId, owner != null, parsedLimit, parsedOffset);
  }

  List<Sandbox> query(Handle handle, Principal caller) {
    return queryCounted(handle, caller).stream().map(SandboxDao.Counted::sandbox).toList();
  }

  /**
   * The page the filter selects, each row with the total across all pages, in one statement. Read
   * through Jdbi's fluent API with its mapper given, not through {@link SandboxDao}: the SqlObject
   * machinery attaches the whole DAO again on every call, which cost more CPU than the query.
   */
  List<SandboxDao.Counted> queryCounted(Handle handle, Principal caller) {
    Scope scope = scope(caller);
    return bind(handle.createQuery(SandboxDao.PAGE), scope)
        .bind("limit", limit)
        .bind("offset", offset)
        .map(COUNTED)
        .list();
  }

  /** How many sandboxes the filter selects across all pages. */
  long count(Handle handle, Principal caller) {
    return bind(handle.createQuery(SandboxDao.COUNT), scope(caller)).mapTo(Long.class).one();
  }

  private static final SandboxDao.CountedMapper COUNTED = new SandboxDao.CountedMapper();

  /** The scope's clause and the values it names, and only those (each one is then non-null). */
  private Query bind(Query query, Scope scope) {
    query.define("where", scope.clause());
    if (scope.userId() != null) {
      query.bind("userId", scope.userId());
    }
    if (scope.institutionIds() != null) {
      query
          .bind("institutionIds", scope.institutionIds().toArray(UUID[]::new))
          .bind("cohortIds", scope.cohortIds().toArray(UUID[]::new));
    }
    if (cohort != null) {
      query.bind("cohort", cohort);
    }
    if (state != null) {
      query.bind("state", state.name());
    }
    if (institution != null) {
      query.bind("institution", institution);
    }
    return query;
  }

  /**
   * What decides which sandboxes the filter selects for the caller, besides the filter itself: the
   * where clause and the caller's values it names (their id; the institutions they administer and
   * the cohorts they manage), and nothing else, so two callers with equal scopes see the same
   * sandboxes (all platform admins, say). A value, for keys: equal scopes are equal.
   */
  record Scope(String clause, UUID userId, List<UUID> institutionIds, List<UUID> cohortIds) {}

  /** The caller's {@link Scope} under this filter, from the principal as given. */
  Scope scope(Principal caller) {
    List<String> where = new ArrayList<>();
    List<UUID> administered =
        caller.memberships().stream()
            .filter(membership -> membership.role() == Role.INSTITUTION_ADMIN)
            .map(Membership::institutionId)
            .toList();
    List<UUID> managedCohorts =
        caller.cohorts().stream()
            .filter(cohort -> cohort.role() == CohortRole.MANAGER)
            .map(CohortMembership::cohortId)
            .toList();
    if (ownOnly) {
      where.add("s.owner_id = :userId");
    } else if (!caller.isPlatformAdmin()) {
      where.add(
          "(s.owner_id = :userId or s.institution_id = any(:institutionIds)"
              + " or s.cohort_id = any(:cohortIds))");
    }
    if (cohort != null) {
      where.add("s.cohort_id = :cohort");
    }
    if (state != null) {
      where.add("s.state = :state");
    }
    if (institution != null) {
      where.add("i.slug = :institution");
    }
    String clause = where.isEmpty() ? "true" : String.join(" and ", where);
    boolean wide = clause.contains(":institutionIds");
    return new Scope(
        clause,
        clause.contains(":userId") ? caller.id() : null,
        wide ? administered : null,
        wide ? managedCohorts : null);
  }

  private static int number(
      String field, String text, int fallback, int min, int max, FieldErrors errors) {
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        field, Problem.of("whole_from_to", "must be a whole number from {0} to {1}", min, max));
    return fallback;
  }
}
