package bzh.estran.notify.core;

import java.time.Instant;
import java.util.UUID;

/**
 * One notice to write, with the facts it needs, read when it is sent (so it says what is true
 * then).
 *
 * @param detail the reason of a failure or an ending, or null
 */
public record Notice(
    UUID id,
    NoticeKind kind,
    Recipient to,
    UUID sandboxId,
    String sandboxName,
    String namespace,
    Instant createdAt,
    Instant expiresAt,
    String detail,
    Instant now) {

  /** Who receives it, and in which language ({@code fr} or {@code en}). */
  public record Recipient(String email, String name, String language) {}
}
