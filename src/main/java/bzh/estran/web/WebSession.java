package bzh.estran.web;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A browser session as stored: the hash of its id, the signed-in user (null for a visitor), the
 * CSRF token of its forms and when it ends.
 */
public record WebSession(String idHash, UUID userId, String csrfToken, Instant expiresAt) {

  public Optional<UUID> user() {
    return Optional.ofNullable(userId);
  }
}
