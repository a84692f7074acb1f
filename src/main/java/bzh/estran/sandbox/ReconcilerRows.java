package bzh.estran.sandbox;

import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxState;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The statements the reconciler runs for every sandbox it works on (take the lease and read the
 * sandbox, give the lease back, the READY transition and its event), through Jdbi's fluent API with
 * {@link SandboxDao}'s own SQL and mapper. Not through the SqlObject: Jdbi 3.55 copies its
 * configuration once per method of the interface at every attach (jdbi/jdbi#2617), which made Jdbi
 * 44 % of the reconcile workers' CPU in a class rush (docs/benchmarks.md, §5).
 */
final class ReconcilerRows {

  private static final SandboxDao.SandboxMapper SANDBOX = new SandboxDao.SandboxMapper();

  private final Jdbi jdbi;

  ReconcilerRows(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Takes the sandbox's lease unless another replica holds it, and reads the sandbox, in one
   * statement; empty when the sandbox is unknown or the lease is another replica's.
   */
  Optional<Sandbox> claim(
      UUID id, String owner, Instant now, Instant until, double replicaTimeoutSeconds) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(SandboxDao.CLAIM_AND_READ)
                .bind("id", id)
                .bind("owner", owner)
                .bind("now", now)
                .bind("until", until)
                .bind("timeoutSeconds", replicaTimeoutSeconds)
                .map(SANDBOX)
                .findOne());
  }

  /** Gives the lease back, if this replica still holds it. */
  void release(UUID id, String owner) {
    jdbi.useHandle(
        handle ->
            handle.createUpdate(SandboxDao.RELEASE).bind("id", id).bind("owner", owner).execute());
  }

  /** {@link SandboxDao#transition} in the given transaction. */
  static int transition(Handle handle, UUID id, SandboxState from, SandboxState to, Instant now) {
    return handle
        .createUpdate(SandboxDao.TRANSITION)
        .bind("id", id)
        .bind("from", from)
        .bind("to", to)
        .bind("now", now)
        .execute();
  }

  /** {@link SandboxDao#addEvent} in the given transaction. */
  static void addEvent(Handle handle, UUID id, Instant at, String type, String message) {
    handle
        .createUpdate(SandboxDao.ADD_EVENT)
        .bind("id", id)
        .bind("at", at)
        .bind("type", type)
        .bind("message", message)
        .execute();
  }
}
