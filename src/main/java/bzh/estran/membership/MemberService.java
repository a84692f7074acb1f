package bzh.estran.membership;

import bzh.estran.auth.TokenDao;
import bzh.estran.auth.core.Principal;
import bzh.estran.cohort.CohortDao;
import bzh.estran.errors.Conflict;
import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.NotFound;
import bzh.estran.errors.Problem;
import bzh.estran.sandbox.SandboxService;
import bzh.estran.tenancy.Institutions;
import bzh.estran.tenancy.TenancyDao;
import bzh.estran.tenancy.core.Institution;
import bzh.estran.tenancy.core.Role;
import bzh.estran.tenancy.core.User;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Changing who belongs where. Removing a member deletes their running sandboxes in that institution
 * and takes them out of its cohorts; it revokes their API tokens (personal and global, not tied to
 * an institution) only when they then belong to no institution at all, and never a platform
 * admin's. Deactivating a user revokes all their tokens and deletes all their running sandboxes.
 * Unused minutes are refunded: the documented off-boarding policy. A platform admin's membership is
 * changed or removed by platform admins only. Everything happens in one transaction.
 */
public final class MemberService {

  private final Jdbi jdbi;
  private final SandboxService sandboxes;
  private final Clock clock;
  private final UserErasure erasure;

  public MemberService(Jdbi jdbi, SandboxService sandboxes, Clock clock) {
    this.jdbi = jdbi;
    this.sandboxes = sandboxes;
    this.clock = clock;
    this.erasure = new UserErasure(jdbi, clock);
  }

  /** What an off-boarding did. */
  public record Offboarded(
      UUID user, String email, int revokedTokens, List<UUID> deletedSandboxes) {}

  /** The institution's members (its admins and platform admins). */
  public List<TenancyDao.Member> members(Principal caller, String slug) {
    Institution institution = administered(caller, slug);
    return jdbi.withExtension(TenancyDao.class, dao -> dao.members(institution.id()));
  }

  /** Changes a member's role in the institution. */
  public TenancyDao.Member changeRole(Principal caller, String slug, UUID userId, String role) {
    Institution institution = administered(caller, slug);
    FieldErrors errors = new FieldErrors();
    if (errors.required("role", role) && Role.parse(role).isEmpty()) {
      errors.add(
          "role",
          Problem.of(
              "must_be_one_of_member_cohort_manager_institution_admin",
              "must be one of member, cohort-manager, institution-admin"));
    }
    errors.throwIfAny();
    return jdbi.inTransaction(
        handle -> {
          TenancyDao dao = handle.attach(TenancyDao.class);
          protectPlatformAdmin(caller, memberOf(dao, institution, userId));
          dao.changeRole(userId, institution.id(), role);
          return dao.members(institution.id()).stream()
              .filter(m -> m.userId().equals(userId))
              .findFirst()
              .orElseThrow();
        });
  }

  /** Removes a member from the institution and its cohorts, off-boarding them. */
  public Offboarded remove(Principal caller, String slug, UUID userId) {
    Institution institution = administered(caller, slug);
    Offboarded done =
        jdbi.inTransaction(
            handle -> {
              TenancyDao dao = handle.attach(TenancyDao.class);
              User user = memberOf(dao, institution, userId);
              protectPlatformAdmin(caller, user);
              dao.deleteMembership(userId, institution.id());
              handle.attach(CohortDao.class).removeFromInstitutionCohorts(userId, institution.id());
              boolean belongsNowhere = dao.membershipsOf(userId).isEmpty();
              int revoked =
                  belongsNowhere && !user.platformAdmin()
                      ? handle.attach(TokenDao.class).revokeAll(userId, clock.instant())
                      : 0;
              List<UUID> deleted =
                  sandboxes.endRunningOf(
                      handle,
                      userId,
                      institution.id(),
                      "its owner was removed from " + slug + " by " + caller.user().email());
              return new Offboarded(userId, user.email(), revoked, deleted);
            });
    sandboxes.reconcile(done.deletedSandboxes());
    return done;
  }

  /** Deactivates a user (platform admins): no sign-in, no token, no running sandbox. */
  public Offboarded deactivate(Principal caller, UUID userId) {
    requirePlatformAdmin(caller);
    Instant now = clock.instant();
    Offboarded done =
        jdbi.inTransaction(
            handle -> {
              TenancyDao dao = handle.attach(TenancyDao.class);
              User user =
                  dao.findUser(userId).orElseThrow(() -> new NotFound("No user " + userId + "."));
              if (user.id().equals(caller.id())) {
                throw new Forbidden("You cannot deactivate yourself.");
              }
              dao.setActive(userId, false);
              int revoked = handle.attach(TokenDao.class).revokeAll(userId, now);
              List<UUID> deleted =
                  sandboxes.endRunningOf(
                      handle,
                      userId,
                      null,
                      "its owner was deactivated by " + caller.user().email());
              return new Offboarded(userId, user.email(), revoked, deleted);
            });
    sandboxes.reconcile(done.deletedSandboxes());
    return done;
  }

  /** Erases a user who left (platform admins): see {@link UserErasure}. */
  public UserErasure.Erased erase(Principal caller, UUID userId) {
    return erasure.erase(caller, userId);
  }

  /** Lets a deactivated user sign in again (they need a new token). */
  public User activate(Principal caller, UUID userId) {
    requirePlatformAdmin(caller);
    return jdbi.inTransaction(
        handle -> {
          TenancyDao dao = handle.attach(TenancyDao.class);
          if (UserErasure.isErased(handle, userId)) {
            throw new Conflict("User " + userId + " was erased: they cannot be activated again.");
          }
          if (dao.setActive(userId, true) == 0) {
            throw new NotFound("No user " + userId + ".");
          }
          return dao.findUser(userId).orElseThrow();
        });
  }

  private Institution administered(Principal caller, String slug) {
    Institution institution = Institutions.visibleTo(jdbi, caller, slug);
    if (!caller.administers(institution.id())) {
      throw new Forbidden("Only an admin of " + slug + " may manage its members.");
    }
    return institution;
  }

  /** The member, or {@link NotFound} when they are not one of the institution. */
  private static User memberOf(TenancyDao dao, Institution institution, UUID userId) {
    return dao.findUser(userId)
        .filter(
            user ->
                dao.membershipsOf(userId).stream()
                    .anyMatch(m -> m.institutionId().equals(institution.id())))
        .orElseThrow(() -> new NotFound("No member " + userId + " in " + institution.slug() + "."));
  }

  /** A platform admin's membership is changed by platform admins only. */
  private static void protectPlatformAdmin(Principal caller, User member) {
    if (member.platformAdmin() && !caller.isPlatformAdmin()) {
      throw new Forbidden(
          "This member is a platform admin: only a platform admin may change or remove their"
              + " membership.");
    }
  }

  private static void requirePlatformAdmin(Principal caller) {
    if (!caller.isPlatformAdmin()) {
      throw new Forbidden("Only a platform admin may do this.");
    }
  }
}
