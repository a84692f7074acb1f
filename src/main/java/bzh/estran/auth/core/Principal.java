package bzh.estran.auth.core;

import bzh.estran.cohort.core.CohortMembership;
import bzh.estran.cohort.core.CohortRole;
import bzh.estran.tenancy.core.Membership;
import bzh.estran.tenancy.core.Role;
import bzh.estran.tenancy.core.User;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is calling: the user, their institution memberships and their cohorts, as read when the
 * request was authenticated.
 */
public record Principal(User user, List<Membership> memberships, List<CohortMembership> cohorts) {

  public Principal {
    memberships = List.copyOf(memberships);
    cohorts = List.copyOf(cohorts);
  }

  /** A caller in no cohort. */
  public Principal(User user, List<Membership> memberships) {
    this(user, memberships, List.of());
  }

  /** Whether the caller is in the cohort, as a member or one of its managers. */
  public boolean isIn(UUID cohortId) {
    return cohorts.stream().anyMatch(cohort -> cohort.cohortId().equals(cohortId));
  }

  /** Whether the caller may see the cohort: they are in it, or manage it. */
  public boolean canSeeCohort(UUID cohortId, UUID institutionId) {
    return isIn(cohortId) || manages(cohortId, institutionId);
  }

  /**
   * Whether the caller manages the cohort: one of its managers, an admin of its institution, or a
   * platform admin.
   */
  public boolean manages(UUID cohortId, UUID institutionId) {
    return administers(institutionId)
        || cohorts.stream()
            .anyMatch(c -> c.cohortId().equals(cohortId) && c.role() == CohortRole.MANAGER);
  }

  public UUID id() {
    return user.id();
  }

  public boolean isPlatformAdmin() {
    return user.platformAdmin();
  }

  public Optional<Role> roleIn(UUID institutionId) {
    return memberships.stream()
        .filter(membership -> membership.institutionId().equals(institutionId))
        .map(Membership::role)
        .findFirst();
  }

  /**
   * Whether the caller may see the institution at all (else it must look as if it did not exist).
   */
  public boolean canSee(UUID institutionId) {
    return isPlatformAdmin() || roleIn(institutionId).isPresent();
  }

  /** Whether the caller administers the institution (its admin, or a platform admin). */
  public boolean administers(UUID institutionId) {
    return isPlatformAdmin() || roleIn(institutionId).orElse(null) == Role.INSTITUTION_ADMIN;
  }
}
