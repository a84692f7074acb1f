package bzh.estran.notify;

import bzh.estran.notify.core.Notice;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * What notices are about, asked of the sandbox feature that owns it (notices read no sandbox table
 * themselves).
 */
public interface NoticeSubjects {

  /** The sandbox and its owner as they are now, in the caller's transaction. */
  Optional<Subject> find(Handle handle, UUID sandboxId);

  /** Adds an expiry warning to the sandbox's events, in the caller's transaction. */
  void recordWarning(Handle handle, UUID sandboxId, Instant at, String message);

  /** A sandbox seen by a notice: its names, life and owner. */
  record Subject(
      String name,
      String namespace,
      boolean live,
      Instant createdAt,
      Instant expiresAt,
      Notice.Recipient owner) {}
}
