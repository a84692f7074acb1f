package bzh.estran.tenancy;

import bzh.estran.auth.core.Principal;
import bzh.estran.errors.NotFound;
import bzh.estran.tenancy.core.Institution;
import org.jdbi.v3.core.Jdbi;

/** Finding an institution as a caller may see it: the one lookup every feature uses. */
public final class Institutions {

  private Institutions() {}

  /**
   * The institution, or {@link NotFound} (the same for one that does not exist and one the caller
   * may not see, so nothing of a foreign institution leaks).
   */
  public static Institution visibleTo(Jdbi jdbi, Principal caller, String slug) {
    return jdbi.withExtension(TenancyDao.class, dao -> dao.findInstitution(slug))
        .filter(institution -> caller.canSee(institution.id()))
        .orElseThrow(() -> new NotFound("No institution " + slug + "."));
  }
}
