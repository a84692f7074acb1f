package bzh.estran.auth.core;

import bzh.estran.tenancy.core.Membership;
import bzh.estran.tenancy.core.Role;
import bzh.estran.tenancy.core.User;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Who is calling: the user and their memberships, as read when the request was authenticated. */
public record Principal(User user, List<Membership> memberships) {

  public Principal {
    memberships = List.copyOf(memberships);
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

  /** Whether the caller may see the institution at all (else it must look as if it did not exist). */
  public boolean canSee(UUID institutionId) {
    return isPlatformAdmin() || roleIn(institutionId).isPresent();
  }

  /** Whether the caller administers the institution (its admin, or a platform admin). */
  public boolean administers(UUID institutionId) {
    return isPlatformAdmin() || roleIn(institutionId).orElse(null) == Role.INSTITUTION_ADMIN;
  }
}
