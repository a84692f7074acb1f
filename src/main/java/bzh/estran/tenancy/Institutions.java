package bzh.estran.tenancy;

import bzh.estran.auth.core.Principal;
import bzh.estran.errors.NotFound;
import bzh.estran.tenancy.core.Institution;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Finding an institution as a caller may see it: the one lookup every feature uses. */
public final class Institutions {

  private static final TenancyDao.InstitutionMapper INSTITUTION =
      new TenancyDao.InstitutionMapper();

  private Institutions() {}

  /**
   * The institution named {@code slug}, if any, read in the caller's handle with {@link
   * TenancyDao}'s statement and mapper but without attaching the DAO, which costs more CPU than the
   * query (every creation reads its institution).
   */
  public static Optional<Institution> bySlug(Handle handle, String slug) {
    return handle
        .createQuery(TenancyDao.FIND_INSTITUTION)
        .bind("slug", slug)
        .map(INSTITUTION)
        .findOne();
  }

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
