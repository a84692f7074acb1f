package bzh.estran.auth;

import bzh.estran.errors.Unauthorized;
import bzh.estran.tenancy.TenancyDao;
import bzh.estran.tenancy.core.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which user verified OIDC claims sign in, by the {@code (iss, sub)} identity OIDC defines:
 *
 * <ul>
 *   <li>an identity already linked signs in its user; when the e-mail it carries changed at the
 *       provider, the user's e-mail follows (unless another user has that address: refused);
 *   <li>an identity seen for the first time is linked to the user with its e-mail, if that user has
 *       no identity yet (a user added by an admin, or one from before identities were kept);
 *   <li>a user who already has an identity is never linked to a second one by e-mail: the sign-in
 *       is refused (a re-assigned address must not land on its previous holder's account) until a
 *       platform admin re-links the user;
 *   <li>no user with that e-mail: one is made and linked.
 * </ul>
 *
 * Each refusal is an {@link Unauthorized} and a log line saying what to do; nothing is written.
 */
final class IdentityLinks {

  private static final Logger LOG = LoggerFactory.getLogger(IdentityLinks.class);

  private IdentityLinks() {}

  /** The user the claims sign in, linking or updating as above, inside the caller's transaction. */
  static User userFor(Handle handle, OidcClaims claims, Instant now) {
    IdentityDao identities = handle.attach(IdentityDao.class);
    TenancyDao users = handle.attach(TenancyDao.class);
    Optional<IdentityDao.Identity> linked = identities.find(claims.issuer(), claims.subject());
    if (linked.isPresent()) {
      User user = users.findUser(linked.get().userId()).orElseThrow();
      if (!user.email().equalsIgnoreCase(claims.email())) {
        user = followEmailChange(users, user, claims);
      }
      identities.signedIn(claims.issuer(), claims.subject(), claims.email(), now);
      return user;
    }
    Optional<User> byEmail = users.findUserByEmail(claims.email());
    if (byEmail.isPresent() && identities.find(claims.issuer(), claims.subject()).isPresent()) {
      // a simultaneous first sign-in of this same identity committed in between: it is linked now
      return userFor(handle, claims, now);
    }
    if (byEmail.isPresent()) {
      List<IdentityDao.Identity> others = identities.ofUser(byEmail.get().id());
      if (!others.isEmpty()) {
        LOG.warn(
            "Refused a sign-in from issuer {} subject {}: its e-mail address belongs to user {},"
                + " who is linked to another identity ({} subject {}); a platform admin can re-link"
                + " the user (PUT /api/v1/users/{}/identities).",
            claims.issuer(),
            claims.subject(),
            byEmail.get().id(),
            others.get(0).issuer(),
            others.get(0).subject(),
            byEmail.get().id());
        throw new Unauthorized(
            "This e-mail address is already linked to another sign-in identity; ask a platform"
                + " admin to re-link it.");
      }
    }
    User user = byEmail.orElseGet(() -> insertUser(users, claims, now));
    identities.link(claims.issuer(), claims.subject(), user.id(), claims.email(), now);
    LOG.info(
        "Linked user {} to identity {} subject {} at first sign-in.",
        user.id(),
        claims.issuer(),
        claims.subject());
    return user;
  }

  private static User followEmailChange(TenancyDao users, User user, OidcClaims claims) {
    Optional<User> holder = users.findUserByEmail(claims.email());
    if (holder.isPresent() && !holder.get().id().equals(user.id())) {
      LOG.warn(
          "Refused a sign-in from issuer {} subject {} (user {}): its e-mail changed to the address"
              + " of user {}; the two accounts are not merged, a platform admin must decide.",
          claims.issuer(),
          claims.subject(),
          user.id(),
          holder.get().id());
      throw new Unauthorized(
          "This identity's new e-mail address belongs to another user; ask a platform admin.");
    }
    users.changeEmail(user.id(), claims.email());
    LOG.info(
        "User {} signed in from issuer {} with a changed e-mail address; the user now has it.",
        user.id(),
        claims.issuer());
    return users.findUser(user.id()).orElseThrow();
  }

  private static User insertUser(TenancyDao users, OidcClaims claims, Instant now) {
    UUID id = UUID.randomUUID();
    users.insertUser(id, claims.email(), claims.name(), false, now);
    return users.findUser(id).orElseThrow();
  }
}
