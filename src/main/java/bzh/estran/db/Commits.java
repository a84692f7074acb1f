package bzh.estran.db;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Tells listeners, on the committing thread, once a change made through a {@link Jdbi} is
 * committed: after every commit of a transaction, and after every statement other than a {@code
 * select} run outside one (autocommit). A read-only transaction is told too: listeners empty
 * caches, for which telling too often only costs a lookup. Statements sent to the database some
 * other way (Quartz's own, {@code psql}) are not seen.
 */
final class Commits {

  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** Wraps {@code jdbi}'s transaction handler and adds a statement customizer to it. */
  void watch(Jdbi jdbi) {
    jdbi.setTransactionHandler(new Notifying(jdbi.getTransactionHandler()));
    jdbi.getConfig(SqlStatements.class)
        .addCustomizer(
            new StatementCustomizer() {
              @Override
              public void afterExecution(
                  java.sql.PreparedStatement statement, StatementContext context)
                  throws java.sql.SQLException {
                // in autocommit mode, the statement is committed once it has run
                if (writes(context.getRawSql()) && context.getConnection().getAutoCommit()) {
                  notifyListeners();
                }
              }
            });
  }

  void add(Runnable listener) {
    listeners.add(listener);
  }

  private void notifyListeners() {
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  /** Whether a statement may change rows: anything but a {@code select}. */
  static boolean writes(String sql) {
    String start = sql.stripLeading();
    return !start.regionMatches(true, 0, "select", 0, 6);
  }

  /** Delegates everything, and notifies after a commit that succeeded. */
  private final class Notifying implements TransactionHandler {
    private final TransactionHandler delegate;

    Notifying(TransactionHandler delegate) {
      this.delegate = delegate;
    }

    @Override
    public TransactionHandler specialize(Handle handle) throws java.sql.SQLException {
      TransactionHandler specialized = delegate.specialize(handle);
      return specialized == delegate ? this : new Notifying(specialized);
    }

    @Override
    public void begin(Handle handle) {
      delegate.begin(handle);
    }

    @Override
    public void commit(Handle handle) {
      delegate.commit(handle);
      notifyListeners();
    }

    @Override
    public void rollback(Handle handle) {
      delegate.rollback(handle);
    }

    @Override
    public boolean isInTransaction(Handle handle) {
      return delegate.isInTransaction(handle);
    }

    @Override
    public void savepoint(Handle handle, String name) {
      delegate.savepoint(handle, name);
    }

    @Override
    public void rollbackToSavepoint(Handle handle, String name) {
      delegate.rollbackToSavepoint(handle, name);
    }

    @Override
    public void releaseSavepoint(Handle handle, String name) {
      delegate.releaseSavepoint(handle, name);
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
        throws X {
      return delegate.inTransaction(handle, callback);
    }

    @Override
    public <R, X extends Exception> R inTransaction(
        Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
      return delegate.inTransaction(handle, level, callback);
    }
  }
}
