package bzh.estran.dataset.core;

import java.util.concurrent.Semaphore;

/**
 * Consecutive raw rows in recycled arrays, with what a pass derives from each row. A batch also
 * carries the first failure met in its rows (a malformed record, a bad value): the rows before it
 * are valid, and whoever consumes the batch in order rethrows the failure after them, so a run
 * fails at the same row, with the same message, whatever thread met the failure.
 */
class RowBatch {

  final String[][] rows;
  final long[] lines;
  int size;

  /** The number of the batch's first row (1 for the first row after the header). */
  long firstNumber;

  /** Whether no row follows this batch. */
  boolean last;

  /** For the last batch: the line the CSV reader ended at. */
  long endLine;

  private int failedAt;
  private Throwable failure;
  boolean inline;
  final Semaphore derived = new Semaphore(0);

  RowBatch(int capacity, int width) {
    rows = new String[capacity][width];
    lines = new long[capacity];
  }

  int capacity() {
    return rows.length;
  }

  void reset(long firstNumber) {
    this.firstNumber = firstNumber;
    size = 0;
    last = false;
    endLine = 0;
    failedAt = Integer.MAX_VALUE;
    failure = null;
    inline = false;
  }

  /** Records a failure at row {@code index} unless an earlier row failed already. */
  void fail(int index, Throwable cause) {
    if (index < failedAt) {
      failedAt = index;
      failure = cause;
    }
  }

  /** The number of rows before the first failure. */
  int valid() {
    return Math.min(size, failedAt);
  }

  /** Rethrows the batch's failure, if any, once its valid rows are consumed. */
  void rethrowFailure() {
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }
}
