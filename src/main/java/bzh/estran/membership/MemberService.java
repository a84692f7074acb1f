package bzh.estran.membership;

import bzh.estran.auth.TokenDao;
import bzh.estran.auth.core.Principal;
import bzh.estran.cohort.CohortDao;
import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.NotFound;
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
 * Changing who belongs where. Removing a member or deactivating a user revokes all their API tokens
 * (tokens are personal, not tied to an institution) and deletes their running sandboxes (in that
 * institution, or everywhere for a deactivation), refunding the unused minutes: the documented
 * off-boarding policy. Everything happens in one transaction.
 */
public final class MemberService {

  private final Jdbi jdbi;
  private final SandboxService sandboxes;
  private final Clock clock;

  public MemberService(Jdbi jdbi, SandboxService sandboxes, Clock clock) {
    this.jdbi = jdbi;
    this.sandboxes = sandboxes;
    this.clock = clock;
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
      errors.add("role", "must be one of member, cohort-manager, institution-admin");
    }
    errors.throwIfAny();
    return jdbi.inTransaction(
        handle -> {
          TenancyDao dao = handle.attach(TenancyDao.class);
          if (dao.changeRole(userId, institution.id(), role) == 0) {
            throw new NotFound("No member " + userId + " in " + slug + ".");
          }
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
              User user =
                  dao.findUser(userId)
                      .orElseThrow(() -> new NotFound("No member " + userId + " in " + slug + "."));
              if (dao.deleteMembership(userId, institution.id()) == 0) {
                throw new NotFound("No member " + userId + " in " + slug + ".");
              }
              handle.attach(CohortDao.class).removeFromInstitutionCohorts(userId, institution.id());
              int revoked = handle.attach(TokenDao.class).revokeAll(userId, clock.instant());
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

  /** Lets a deactivated user sign in again (they need a new token). */
  public User activate(Principal caller, UUID userId) {
    requirePlatformAdmin(caller);
    return jdbi.inTransaction(
        handle -> {
          TenancyDao dao = handle.attach(TenancyDao.class);
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

  private static void requirePlatformAdmin(Principal caller) {
    if (!caller.isPlatformAdmin()) {
      throw new Forbidden("Only a platform admin may do this.");
    }
  }
}
