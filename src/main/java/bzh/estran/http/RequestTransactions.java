package bzh.estran.http;

import io.javalin.http.Context;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database transaction per state-changing API request. It is opened once the caller is known
 * and bound to the request's thread, so every service the route calls joins it (Jdbi reuses a
 * thread's handle, and a nested {@code inTransaction} runs inside the open one); {@link AuditTrail}
 * adds the request's audit entry to it and commits, or rolls it back when the request failed. So a
 * change is committed together with its audit entry, or not at all. A route may {@link #end} it
 * early and {@link #begin} it again: a creation waiting for its admission group holds no connection
 * meanwhile ({@link SandboxRoutes}).
 */
final class RequestTransactions {

  private static final Logger LOG = LoggerFactory.getLogger(RequestTransactions.class);
  private static final String ATTRIBUTE = "estran.transaction";

  private final Jdbi jdbi;

  RequestTransactions(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * A before-handler for every request, first of all: a handle still bound to this thread (a
   * request ended by an {@link Error}, so its after-handler never ran) is closed, never reused.
   */
  void clearStale(Context ctx) {
    var stale = jdbi.getHandleScope().get();
    if (stale != null) {
      jdbi.getHandleScope().clear();
      LOG.warn(
          "A database handle was left bound to {}; closing it", Thread.currentThread().getName());
      try {
        stale.getHandle().close();
      } catch (RuntimeException e) {
        LOG.warn("Could not close the stale handle: {}", e.toString());
      }
    }
  }

  /** A before-handler: opens the transaction of a state-changing request. */
  void begin(Context ctx) {
    if (!AuditTrail.changesState(ctx)) {
      return;
    }
    Handle handle = jdbi.open();
    try {
      handle.begin();
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
    jdbi.getHandleScope().set(handle);
    ctx.attribute(ATTRIBUTE, handle);
  }

  /** The request's open transaction, or null when it has none (it was refused before). */
  Handle of(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }

  /** Rolls back what was not committed, unbinds the handle from the thread and closes it. */
  void end(Context ctx) {
    Handle handle = of(ctx);
    if (handle == null) {
      return;
    }
    ctx.attribute(ATTRIBUTE, null);
    jdbi.getHandleScope().clear();
    try {
      if (handle.isInTransaction()) {
        handle.rollback();
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not roll back the transaction of {} {}: {}",
          ctx.method(),
          ctx.path(),
          e.toString());
    } finally {
      handle.close();
    }
  }
}
