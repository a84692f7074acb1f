package bzh.estran.tenancy;

import bzh.estran.auth.core.Principal;
import bzh.estran.db.UniqueViolations;
import bzh.estran.errors.Conflict;
import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.NotFound;
import bzh.estran.errors.Problem;
import bzh.estran.tenancy.core.Institution;
import bzh.estran.tenancy.core.InstitutionKind;
import bzh.estran.tenancy.core.Membership;
import bzh.estran.tenancy.core.Names;
import bzh.estran.tenancy.core.Role;
import bzh.estran.tenancy.core.User;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Users, institutions and who belongs where; every method checks the caller's rights first. */
public final class TenancyService {

  private final Jdbi jdbi;
  private final Clock clock;

  public TenancyService(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** A new user (platform admins only); {@link Conflict} when the e-mail is taken. */
  public User createUser(Principal caller, String email, String name) {
    requirePlatformAdmin(caller);
    FieldErrors errors = new FieldErrors();
    if (errors.required("email", email) && !Names.isEmail(email)) {
      errors.add("email", Problem.of("must_be_an_e_mail_address", "must be an e-mail address"));
    }
    checkName(name, errors);
    errors.throwIfAny();
    Problem taken = Problem.of("user_exists", "A user with e-mail {0} already exists.", email);
    return UniqueViolations.asConflict(
        () ->
            jdbi.inTransaction(
                handle -> {
                  TenancyDao dao = handle.attach(TenancyDao.class);
                  if (dao.findUserByEmail(email).isPresent()) {
                    throw new Conflict(taken);
                  }
                  return insertUser(dao, email, name.trim(), false);
                }),
        taken);
  }

  /** The user with this e-mail, made (named after the address) if there is none yet. */
  User findOrCreateUser(TenancyDao dao, String email) {
    return dao.findUserByEmail(email)
        .orElseGet(() -> insertUser(dao, email, email.substring(0, email.indexOf('@')), false));
  }

  User insertUser(TenancyDao dao, String email, String name, boolean platformAdmin) {
    UUID id = UUID.randomUUID();
    dao.insertUser(id, email.toLowerCase(Locale.ROOT), name, platformAdmin, clock.instant());
    return dao.findUser(id).orElseThrow();
  }

  /** A new institution (platform admins only); {@link Conflict} when the slug is taken. */
  public Institution createInstitution(Principal caller, String slug, String name, String kind) {
    requirePlatformAdmin(caller);
    FieldErrors errors = new FieldErrors();
    if (errors.required("slug", slug) && !Names.isSlug(slug)) {
      errors.add(
          "slug",
          Problem.of(
              "slug_format",
              "must be 1 to 32 lowercase letters, digits or inner hyphens"
                  + " (^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$)"));
    }
    checkName(name, errors);
    if (errors.required("kind", kind) && InstitutionKind.parse(kind).isEmpty()) {
      errors.add(
          "kind",
          Problem.of(
              "must_be_one_of_university_incubator_public_body_company",
              "must be one of university, incubator, public-body, company"));
    }
    errors.throwIfAny();
    Problem taken =
        Problem.of("institution_exists", "An institution with slug {0} already exists.", slug);
    return UniqueViolations.asConflict(
        () ->
            jdbi.inTransaction(
                handle -> {
                  TenancyDao dao = handle.attach(TenancyDao.class);
                  if (dao.findInstitution(slug).isPresent()) {
                    throw new Conflict(taken);
                  }
                  dao.insertInstitution(
                      UUID.randomUUID(), slug, name.trim(), kind, clock.instant());
                  return dao.findInstitution(slug).orElseThrow();
                }),
        taken);
  }

  /** The institutions the caller may see: all for platform admins, else their own. */
  public List<Institution> listInstitutions(Principal caller) {
    return jdbi.withExtension(
        TenancyDao.class,
        dao ->
            caller.isPlatformAdmin()
                ? dao.listInstitutions()
                : dao.listInstitutionsOf(caller.id()));
  }

  /** One institution, or {@link NotFound} when it does not exist or the caller may not see it. */
  public Institution institution(Principal caller, String slug) {
    return Institutions.visibleTo(jdbi, caller, slug);
  }

  /**
   * Adds a member by e-mail (institution admins and platform admins). A user unknown so far is made
   * from the address; {@link Conflict} when they already belong to the institution. An institution
   * admin may add only a new user or one who belongs to no institution: someone who belongs to
   * another institution, or a platform admin, is {@link Forbidden} (only a platform admin may add
   * them; or they accept by joining a cohort with its join code), and nothing of them is shown.
   */
  public MemberAdded addMember(Principal caller, String slug, String email, String role) {
    Institution institution = institution(caller, slug);
    if (!caller.administers(institution.id())) {
      throw new Forbidden("Only an admin of " + slug + " may add members.");
    }
    FieldErrors errors = new FieldErrors();
    if (errors.required("email", email) && !Names.isEmail(email)) {
      errors.add("email", Problem.of("must_be_an_e_mail_address", "must be an e-mail address"));
    }
    if (errors.required("role", role) && Role.parse(role).isEmpty()) {
      errors.add(
          "role",
          Problem.of(
              "must_be_one_of_member_cohort_manager_institution_admin",
              "must be one of member, cohort-manager, institution-admin"));
    }
    errors.throwIfAny();
    return UniqueViolations.asConflict(
        () ->
            jdbi.inTransaction(
                handle -> {
                  TenancyDao dao = handle.attach(TenancyDao.class);
                  User user = findOrCreateUser(dao, email);
                  List<Membership> memberships = dao.membershipsOf(user.id());
                  if (memberships.stream()
                      .anyMatch(m -> m.institutionId().equals(institution.id()))) {
                    throw new Conflict(
                        Problem.of(
                            "already_member", "{0} is already a member of {1}.", email, slug));
                  }
                  if (!caller.isPlatformAdmin()
                      && (user.platformAdmin() || !memberships.isEmpty())) {
                    throw new Forbidden(
                        Problem.of(
                            "member_outside",
                            "{0} already has an Estran account outside {1}: only a platform"
                                + " admin may add them, or they join with a join code of one of"
                                + " your cohorts.",
                            email,
                            slug));
                  }
                  dao.insertMembership(user.id(), institution.id(), role, clock.instant());
                  return new MemberAdded(user, institution, Role.parse(role).orElseThrow());
                }),
        Problem.of(
            "member_added_meanwhile",
            "{0} was added by someone else at the same moment; try again.",
            email));
  }

  /** The caller's memberships, fresh from the database. */
  /** The languages a user may choose for what Estran writes to them (mails). */
  public static final List<String> LANGUAGES = List.of("fr", "en");

  /** The caller's preferred language ({@code fr} or {@code en}). */
  public String language(Principal caller) {
    return jdbi.withExtension(TenancyDao.class, dao -> dao.language(caller.id()));
  }

  /** Sets the caller's preferred language, in which their mails are written. */
  public String setLanguage(Principal caller, String language) {
    FieldErrors errors = new FieldErrors();
    if (errors.required("language", language) && !LANGUAGES.contains(language)) {
      errors.add("language", Problem.of("must_be_one_of_fr_en", "must be one of fr, en"));
    }
    errors.throwIfAny();
    jdbi.useExtension(TenancyDao.class, dao -> dao.setLanguage(caller.id(), language));
    return language;
  }

  public List<Membership> memberships(UUID userId) {
    return jdbi.withExtension(TenancyDao.class, dao -> dao.membershipsOf(userId));
  }

  /** Makes sure the bootstrap platform admin exists and returns it. Used at start only. */
  public User ensureBootstrapAdmin() {
    return jdbi.inTransaction(
        handle -> {
          TenancyDao dao = handle.attach(TenancyDao.class);
          return dao.findUserByEmail(BOOTSTRAP_EMAIL)
              .orElseGet(() -> insertUser(dao, BOOTSTRAP_EMAIL, "Bootstrap admin", true));
        });
  }

  /** E-mail of the platform admin that the bootstrap token belongs to. */
  public static final String BOOTSTRAP_EMAIL = "admin@estran.local";

  private static void checkName(String name, FieldErrors errors) {
    if (errors.required("name", name) && name.length() > 200) {
      errors.add("name", Problem.of("at_most_characters", "must be at most {0} characters", 200));
    }
    if (Names.hasControlCharacters(name)) {
      errors.add("name", Names.CONTROL_CHARACTERS);
    }
  }

  private static NotFound notFound(String slug) {
    return new NotFound("No institution " + slug + ".");
  }

  private static void requirePlatformAdmin(Principal caller) {
    if (!caller.isPlatformAdmin()) {
      throw new Forbidden("Only a platform admin may do this.");
    }
  }

  /** The outcome of adding a member. */
  public record MemberAdded(User user, Institution institution, Role role) {}
}
