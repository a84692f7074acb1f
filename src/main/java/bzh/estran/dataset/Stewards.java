package bzh.estran.dataset;

import bzh.estran.auth.core.Principal;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.NotFound;
import java.time.Clock;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The platform-wide {@code data-steward} role: data stewards (and platform admins) create datasets,
 * import, run, publish and withdraw. Only platform admins grant and revoke it.
 */
public final class Stewards {

  private final Jdbi jdbi;
  private final Clock clock;

  public Stewards(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Whether the caller may curate datasets: a data steward or a platform admin. */
  public boolean mayCurate(Principal caller) {
    return caller.isPlatformAdmin()
        || jdbi.withExtension(DatasetDao.class, dao -> dao.isSteward(caller.id()));
  }

  /** Throws {@link Forbidden} unless the caller may curate datasets. */
  public void requireCurator(Principal caller) {
    if (!mayCurate(caller)) {
      throw new Forbidden("Only data stewards and platform admins may do this.");
    }
  }

  /** Makes the user a data steward (platform admins only); granting twice changes nothing. */
  public void grant(Principal caller, UUID user) {
    requirePlatformAdmin(caller);
    jdbi.useExtension(
        DatasetDao.class,
        dao -> {
          if (!dao.userExists(user)) {
            throw new NotFound("No user " + user + ".");
          }
          dao.grantSteward(user, caller.id(), clock.instant());
        });
  }

  /**
   * Takes the role back (platform admins only); {@link NotFound} when the user does not hold it.
   */
  public void revoke(Principal caller, UUID user) {
    requirePlatformAdmin(caller);
    if (jdbi.withExtension(DatasetDao.class, dao -> dao.revokeSteward(user)) == 0) {
      throw new NotFound("User " + user + " is not a data steward.");
    }
  }

  private static void requirePlatformAdmin(Principal caller) {
    if (!caller.isPlatformAdmin()) {
      throw new Forbidden("Only platform admins grant or revoke the data-steward role.");
    }
  }
}
