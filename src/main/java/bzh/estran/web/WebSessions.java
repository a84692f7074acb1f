package bzh.estran.web;

import bzh.estran.auth.core.TokenSecrets;
import bzh.estran.web.core.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Browser sessions: a random id in the cookie, its SHA-256 hash in the table. A visitor gets a
 * short session (so that the sign-in forms have a CSRF token); signing in replaces it by a new one
 * (new id, new CSRF token) that lasts {@code ttl}; signing out deletes it. A session opened by
 * pasting an API token ends with that token: once it is revoked or expired, the session opens
 * nothing.
 */
public final class WebSessions {

  /** How long a visitor's session lasts before sign-in. */
  public static final Duration VISITOR_TTL = Duration.ofHours(1);

  /** How long an OIDC sign-in may take between leaving for the provider and coming back. */
  public static final Duration SIGN_IN_TTL = Duration.ofMinutes(10);

  private final Jdbi jdbi;
  private final Secrets secrets;
  private final Clock clock;
  private final Duration ttl;

  public WebSessions(Jdbi jdbi, Secrets secrets, Clock clock, Duration ttl) {
    this.jdbi = jdbi;
    this.secrets = secrets;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** A session id as the cookie carries it, and the session it opens. */
  public record Opened(String id, WebSession session) {}

  /** The live session of a cookie value, if any. */
  public Optional<WebSession> find(String cookieId) {
    if (cookieId == null || cookieId.isBlank() || cookieId.length() > 100) {
      return Optional.empty();
    }
    return jdbi.withExtension(
        WebSessionDao.class, dao -> dao.findLive(TokenSecrets.hash(cookieId), clock.instant()));
  }

  /** A new visitor session (not signed in). Expired sessions are removed on the way. */
  public Opened openVisitor() {
    return open(null, null, VISITOR_TTL);
  }

  /**
   * Signs {@code userId} in: the previous session (if any) is deleted and a new one, with a new id
   * and CSRF token, is opened, so that an id known before sign-in is worth nothing after.
   */
  public Opened signIn(Optional<WebSession> previous, UUID userId, Optional<UUID> apiToken) {
    previous.ifPresent(this::close);
    return open(userId, apiToken.orElse(null), ttl);
  }

  /** Ends the session on the server: its cookie no longer opens anything. */
  public void close(WebSession session) {
    jdbi.useExtension(WebSessionDao.class, dao -> dao.delete(session.idHash()));
  }

  private Opened open(UUID userId, UUID apiToken, Duration lifetime) {
    String id = secrets.newValue();
    Instant now = clock.instant();
    WebSession session =
        new WebSession(TokenSecrets.hash(id), userId, secrets.newValue(), now.plus(lifetime));
    jdbi.useExtension(
        WebSessionDao.class,
        dao -> {
          dao.deleteExpired(now);
          dao.insert(
              session.idHash(), userId, apiToken, session.csrfToken(), now, session.expiresAt());
        });
    return new Opened(id, session);
  }

  /** Remembers an OIDC sign-in started by the session, under the hash of its {@code state}. */
  public void startSignIn(
      WebSession session,
      String state,
      String issuer,
      String nonce,
      String codeVerifier,
      String nextPath) {
    jdbi.useExtension(
        WebSessionDao.class,
        dao ->
            dao.insertSignIn(
                TokenSecrets.hash(state),
                session.idHash(),
                issuer,
                nonce,
                codeVerifier,
                nextPath,
                clock.instant()));
  }

  /**
   * The sign-in started under {@code state} by this same session (and no other), taken out so that
   * it cannot be used twice; empty when unknown, too old, or started by another browser.
   */
  public Optional<WebSessionDao.PendingSignIn> takeSignIn(WebSession session, String state) {
    if (state == null || state.isBlank() || state.length() > 200) {
      return Optional.empty();
    }
    Instant since = clock.instant().minus(SIGN_IN_TTL);
    return jdbi.withExtension(
            WebSessionDao.class, dao -> dao.takeSignIn(TokenSecrets.hash(state), since))
        .filter(pending -> pending.sessionHash().equals(session.idHash()));
  }
}
