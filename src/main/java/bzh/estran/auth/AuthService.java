package bzh.estran.auth;

import bzh.estran.auth.core.Principal;
import bzh.estran.auth.core.TokenSecrets;
import bzh.estran.cohort.CohortDao;
import bzh.estran.config.OidcProvider;
import bzh.estran.db.UniqueViolations;
import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.NotFound;
import bzh.estran.errors.Problem;
import bzh.estran.errors.Unauthorized;
import bzh.estran.tenancy.TenancyDao;
import bzh.estran.tenancy.TenancyService;
import bzh.estran.tenancy.core.Institution;
import bzh.estran.tenancy.core.Membership;
import bzh.estran.tenancy.core.Names;
import bzh.estran.tenancy.core.Role;
import bzh.estran.tenancy.core.User;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Personal API tokens: issuing, listing, revoking, and turning a bearer token into a caller. A
 * bearer value shaped like a JWT goes to the {@link OidcVerifier} when OIDC providers are
 * configured: its user is found by the token's {@code (iss, sub)} identity (linked on first
 * sign-in), and joins the institution its e-mail domain maps to.
 */
public final class AuthService {

  public static final String BOOTSTRAP_TOKEN_NAME = "bootstrap";

  private static final TokenDao.TokenMapper TOKEN = new TokenDao.TokenMapper();
  private static final TenancyDao.UserMapper USER = new TenancyDao.UserMapper();
  private static final TenancyDao.MembershipMapper MEMBERSHIP = new TenancyDao.MembershipMapper();
  private static final CohortDao.CohortMembershipMapper COHORT_MEMBERSHIP =
      new CohortDao.CohortMembershipMapper();

  private final Jdbi jdbi;
  private final TokenSecrets secrets;
  private final Clock clock;
  private final OidcVerifier oidc;
  private final EmailDomains domains;
  private final IdentityAdmin identities;
  private final PrincipalCache principals;

  /** API tokens only. */
  public AuthService(Jdbi jdbi, TokenSecrets secrets, Clock clock) {
    this(jdbi, secrets, clock, OidcVerifier.disabled(), Map.of());
  }

  /** As below, with a cache of callers of the default time to live and no metrics. */
  public AuthService(
      Jdbi jdbi,
      TokenSecrets secrets,
      Clock clock,
      OidcVerifier oidc,
      Map<String, String> oidcDomains) {
    this(
        jdbi,
        secrets,
        clock,
        oidc,
        oidcDomains,
        new PrincipalCache(Duration.ofSeconds(1), new SimpleMeterRegistry()));
  }

  /**
   * API tokens, and OIDC JWTs checked by {@code oidc}; {@code oidcDomains} maps e-mail domains to
   * institution slugs ({@code ESTRAN_OIDC_DOMAINS}).
   */
  public AuthService(
      Jdbi jdbi,
      TokenSecrets secrets,
      Clock clock,
      OidcVerifier oidc,
      Map<String, String> oidcDomains,
      PrincipalCache principals) {
    this.jdbi = jdbi;
    this.principals = principals;
    this.secrets = secrets;
    this.clock = clock;
    this.oidc = oidc;
    this.domains = new EmailDomains(oidcDomains);
    this.identities = new IdentityAdmin(jdbi, oidc.providers(), clock);
  }

  /** The platform admins' hand on users' sign-in identities. */
  public IdentityAdmin identities() {
    return identities;
  }

  /**
   * The caller behind an {@code Authorization} header value; {@link Unauthorized} when it is
   * missing, malformed, unknown, revoked, expired, or its user is deactivated.
   */
  public Principal authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Unauthorized("Send an API token as 'Authorization: Bearer <token>'.");
    }
    String token = authorization.substring(7).trim();
    if (oidc.enabled() && OidcVerifier.looksLikeJwt(token)) {
      return signIn(oidc.verify(token));
    }
    String hash = TokenSecrets.hash(token);
    return principals.get(
        hash, clock.instant(), () -> jdbi.withHandle(handle -> callerOf(handle, hash)));
  }

  /**
   * The caller behind a token's hash, read with the DAOs' own statements and mappers but without
   * attaching the DAOs: attaching three of them cost more CPU than the four queries, and a class
   * rush looks up as many callers as requests.
   */
  private PrincipalCache.Entry callerOf(Handle handle, String hash) {
    TokenDao.StoredToken stored =
        handle
            .createQuery(TokenDao.FIND_VALID)
            .bind("hash", hash)
            .bind("now", clock.instant())
            .map(TOKEN)
            .findOne()
            .orElseThrow(() -> new Unauthorized("The token is unknown, revoked or expired."));
    User user =
        handle
            .createQuery(TenancyDao.FIND_USER)
            .bind("id", stored.userId())
            .map(USER)
            .findOne()
            .filter(User::active)
            .orElseThrow(() -> new Unauthorized("The token's user is deactivated."));
    return new PrincipalCache.Entry(
        new Principal(
            user,
            handle
                .createQuery(TenancyDao.MEMBERSHIPS_OF)
                .bind("userId", user.id())
                .map(MEMBERSHIP)
                .list(),
            handle
                .createQuery(CohortDao.MEMBERSHIPS_OF)
                .bind("userId", user.id())
                .map(COHORT_MEMBERSHIP)
                .list()),
        stored.expiresAt());
  }

  /**
   * The short-lived cache of callers behind API tokens: emptied by every committed change that may
   * alter who someone is (see {@link PrincipalCache}).
   */
  public PrincipalCache principals() {
    return principals;
  }

  /**
   * The caller behind an ID token the web pages received in the authorization-code flow: its
   * signature, {@code iss}, {@code aud} (must contain {@code audience}, the pages' client id),
   * {@code exp} and {@code nonce} (must equal {@code expectedNonce}) are verified, then the same
   * rules as for a bearer token apply (issuer bound to its domains, {@code email_verified}, the
   * {@code (iss, sub)} link, institution by domain). {@link Unauthorized} when any of that fails.
   */
  public Principal signInWithIdToken(String idToken, String audience, String expectedNonce) {
    if (!oidc.enabled() || !OidcVerifier.looksLikeJwt(idToken)) {
      throw new Unauthorized("The sign-in did not return an ID token Estran accepts.");
    }
    return signIn(oidc.verifyIdToken(idToken, audience, expectedNonce));
  }

  /**
   * The caller behind verified OIDC claims: the user linked to their {@code (iss, sub)} identity
   * (see {@link IdentityLinks}: linked by e-mail or made on first sign-in), who joins the
   * institution its e-mail domain maps to (as a member, unless they already belong to it in
   * whatever role). Two first sign-ins at once: the one that loses the insert race tries again and
   * finds the link.
   */
  private Principal signIn(OidcClaims claims) {
    if (claims.email().equalsIgnoreCase(TenancyService.BOOTSTRAP_EMAIL)) {
      throw new Unauthorized("The bootstrap admin cannot sign in with an identity provider.");
    }
    try {
      return jdbi.inTransaction(handle -> signIn(handle, claims));
    } catch (RuntimeException e) {
      if (!UniqueViolations.isUniqueViolation(e)) {
        throw e;
      }
      return jdbi.inTransaction(handle -> signIn(handle, claims));
    }
  }

  private Principal signIn(Handle handle, OidcClaims claims) {
    TenancyDao dao = handle.attach(TenancyDao.class);
    User user = IdentityLinks.userFor(handle, claims, clock.instant());
    if (!user.active()) {
      throw new Unauthorized("This user is deactivated.");
    }
    List<Membership> memberships = dao.membershipsOf(user.id());
    Optional<Institution> institution =
        domains.slugFor(claims.email()).flatMap(dao::findInstitution);
    if (institution.isPresent()
        && memberships.stream().noneMatch(m -> m.institutionId().equals(institution.get().id()))) {
      dao.insertMembership(user.id(), institution.get().id(), Role.MEMBER.wire(), clock.instant());
      memberships = dao.membershipsOf(user.id());
    }
    return new Principal(
        user, memberships, handle.attach(CohortDao.class).membershipsOf(user.id()));
  }

  /**
   * The providers a command-line client may sign in with (those with a {@code cliClientId}); public
   * knowledge, shown to anyone.
   */
  public List<OidcProvider> cliProviders() {
    return oidc.providers().stream().filter(p -> p.cliClientId().isPresent()).toList();
  }

  /** A new token for the caller; the secret is in the result only. */
  public IssuedToken issue(Principal caller, String name, Instant expiresAt) {
    return issueFor(caller.id(), name, expiresAt);
  }

  /** A new token for another user (platform admins only). */
  public IssuedToken issueForUser(Principal caller, UUID userId, String name, Instant expiresAt) {
    if (!caller.isPlatformAdmin()) {
      throw new Forbidden("Only a platform admin may issue tokens for other users.");
    }
    jdbi.withExtension(TenancyDao.class, dao -> dao.findUser(userId))
        .orElseThrow(() -> new NotFound("No user " + userId + "."));
    return issueFor(userId, name, expiresAt);
  }

  private IssuedToken issueFor(UUID userId, String name, Instant expiresAt) {
    FieldErrors errors = new FieldErrors();
    if (errors.required("name", name) && name.length() > 100) {
      errors.add("name", Problem.of("at_most_characters", "must be at most {0} characters", 100));
    }
    if (Names.hasControlCharacters(name)) {
      errors.add("name", Names.CONTROL_CHARACTERS);
    }
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      errors.add("expiresAt", Problem.of("must_be_in_the_future", "must be in the future"));
    }
    errors.throwIfAny();
    String token = secrets.newToken();
    UUID id = UUID.randomUUID();
    jdbi.useExtension(
        TokenDao.class,
        dao ->
            dao.insert(
                id, userId, name.trim(), TokenSecrets.hash(token), clock.instant(), expiresAt));
    return new IssuedToken(id, name.trim(), token, expiresAt);
  }

  /**
   * The id of the live API token {@code token} (not a JWT), for a page session that must end with
   * it; empty when it is not one.
   */
  public Optional<UUID> apiTokenId(String token) {
    return jdbi.withExtension(
            TokenDao.class, dao -> dao.findValid(TokenSecrets.hash(token.trim()), clock.instant()))
        .map(TokenDao.StoredToken::id);
  }

  /** The caller's live tokens, without their secrets. */
  public List<TokenDao.StoredToken> list(Principal caller) {
    return jdbi.withExtension(TokenDao.class, dao -> dao.listOf(caller.id()));
  }

  /** Revokes one of the caller's tokens; {@link NotFound} for anyone else's or an unknown one. */
  public void revoke(Principal caller, UUID tokenId) {
    int revoked =
        jdbi.withExtension(
            TokenDao.class, dao -> dao.revoke(tokenId, caller.id(), clock.instant()));
    if (revoked == 0) {
      throw new NotFound("No token " + tokenId + ".");
    }
  }

  /**
   * Makes {@code token} the bootstrap admin's token, replacing the previous bootstrap token, and
   * returns true; does nothing when it already is. Returns false, changing nothing, when that token
   * was revoked (or expired, or is another user's): a revoked token is never brought back, since it
   * was revoked for a reason.
   */
  public boolean installBootstrapToken(User admin, String token) {
    String hash = TokenSecrets.hash(token);
    return jdbi.inTransaction(
        handle -> {
          TokenDao dao = handle.attach(TokenDao.class);
          Optional<TokenDao.StoredToken> existing = dao.findValid(hash, clock.instant());
          if (existing.isPresent() && existing.get().userId().equals(admin.id())) {
            return true;
          }
          if (existing.isPresent() || dao.exists(hash)) {
            return false;
          }
          dao.revokeNamed(admin.id(), BOOTSTRAP_TOKEN_NAME, clock.instant());
          dao.insert(
              UUID.randomUUID(), admin.id(), BOOTSTRAP_TOKEN_NAME, hash, clock.instant(), null);
          return true;
        });
  }

  /**
   * The caller a web session stands for: the user with their memberships as they are now; {@link
   * Unauthorized} when the user is unknown or deactivated (the session is then worth nothing).
   */
  public Principal principalOf(UUID userId) {
    return jdbi.withHandle(
        handle -> {
          TenancyDao tenancy = handle.attach(TenancyDao.class);
          User user =
              tenancy
                  .findUser(userId)
                  .filter(User::active)
                  .orElseThrow(() -> new Unauthorized("This user is unknown or deactivated."));
          return new Principal(
              user,
              tenancy.membershipsOf(user.id()),
              handle.attach(CohortDao.class).membershipsOf(user.id()));
        });
  }

  /** A token as issued: the only time its secret is seen. */
  public record IssuedToken(UUID id, String name, String token, Instant expiresAt) {}
}
