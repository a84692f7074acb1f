package bzh.estran.auth;

import bzh.estran.auth.core.Principal;
import bzh.estran.config.OidcProvider;
import bzh.estran.errors.Conflict;
import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.NotFound;
import bzh.estran.errors.Problem;
import bzh.estran.tenancy.TenancyDao;
import bzh.estran.tenancy.core.User;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform admins' hand on sign-in identities: list a user's {@code (iss, sub)} links, re-link
 * a user to another identity (a provider that re-created the person's account, an address
 * re-assigned to someone else), or unlink them so that their next sign-in links anew by e-mail.
 * Every change is in the audit log (as every state-changing request) and in the log with the
 * identities involved.
 */
public final class IdentityAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(IdentityAdmin.class);

  private final Jdbi jdbi;
  private final Set<String> issuers;
  private final Clock clock;

  public IdentityAdmin(Jdbi jdbi, List<OidcProvider> providers, Clock clock) {
    this.jdbi = jdbi;
    this.issuers = providers.stream().map(OidcProvider::issuer).collect(Collectors.toSet());
    this.clock = clock;
  }

  /** The user's identities (platform admins only). */
  public List<IdentityDao.Identity> identities(Principal caller, UUID userId) {
    requirePlatformAdmin(caller);
    return jdbi.withHandle(
        handle -> {
          requireUser(handle, userId);
          return handle.attach(IdentityDao.class).ofUser(userId);
        });
  }

  /**
   * Links the user to {@code (issuer, subject)} in place of the identities they had at that issuer
   * (platform admins only); {@link Conflict} when that identity is another user's (unlink it there
   * first). Returns the user's identities.
   */
  public List<IdentityDao.Identity> relink(
      Principal caller, UUID userId, String issuer, String subject) {
    requirePlatformAdmin(caller);
    FieldErrors errors = new FieldErrors();
    if (errors.required("issuer", issuer) && !issuers.contains(issuer)) {
      errors.add(
          "issuer",
          Problem.of(
              "must_be_the_issuer_of_a_configured_provider_estran_oidc_providers",
              "must be the issuer of a configured provider (ESTRAN_OIDC_PROVIDERS)"));
    }
    if (errors.required("subject", subject) && subject.length() > 255) {
      errors.add(
          "subject", Problem.of("at_most_characters", "must be at most {0} characters", 255));
    }
    errors.throwIfAny();
    return jdbi.inTransaction(
        handle -> {
          User user = requireUser(handle, userId);
          IdentityDao dao = handle.attach(IdentityDao.class);
          var existing = dao.find(issuer, subject);
          if (existing.isPresent() && !existing.get().userId().equals(userId)) {
            throw new Conflict(
                "That identity is linked to user "
                    + existing.get().userId()
                    + "; unlink it there first (DELETE /api/v1/users/"
                    + existing.get().userId()
                    + "/identities).");
          }
          if (existing.isEmpty()) {
            dao.unlinkAt(userId, issuer);
            dao.link(issuer, subject, userId, user.email(), clock.instant());
            LOG.info(
                "Platform admin {} re-linked user {} to identity {} subject {}.",
                caller.id(),
                userId,
                issuer,
                subject);
          }
          return dao.ofUser(userId);
        });
  }

  /**
   * Removes every identity of the user (platform admins only): their next sign-in links the
   * identity that presents their e-mail.
   */
  public void unlink(Principal caller, UUID userId) {
    requirePlatformAdmin(caller);
    jdbi.useTransaction(
        handle -> {
          requireUser(handle, userId);
          int removed = handle.attach(IdentityDao.class).unlinkAll(userId);
          LOG.info(
              "Platform admin {} unlinked user {} from {} sign-in identities.",
              caller.id(),
              userId,
              removed);
        });
  }

  private static User requireUser(Handle handle, UUID userId) {
    return handle
        .attach(TenancyDao.class)
        .findUser(userId)
        .orElseThrow(() -> new NotFound("No user " + userId + "."));
  }

  private static void requirePlatformAdmin(Principal caller) {
    if (!caller.isPlatformAdmin()) {
      throw new Forbidden("Only a platform admin may see or change users' sign-in identities.");
    }
  }
}
