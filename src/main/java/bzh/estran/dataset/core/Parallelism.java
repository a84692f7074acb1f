package bzh.estran.dataset.core;

/**
 * How a run spreads its passes over threads: {@code workers} threads treat batches of {@code
 * batchRows} rows while one thread decodes the CSV and the caller's thread counts and writes them
 * in order. With no workers, the caller's thread does all of it. The output is the same either way.
 */
record Parallelism(int workers, int batchRows) {

  /** Rows per batch: large enough that handing a batch over costs little per row. */
  static final int BATCH_ROWS = 2048;

  /** At most this many workers, whatever the machine. */
  static final int MAX_WORKERS = 8;

  Parallelism {
    if (workers < 0 || batchRows < 1) {
      throw new IllegalArgumentException("workers >= 0 and batchRows >= 1");
    }
  }

  /** All on the caller's thread. */
  static Parallelism none() {
    return new Parallelism(0, BATCH_ROWS);
  }

  /** One worker per processor (none on a single processor). */
  static Parallelism ofProcessors(int processors) {
    return new Parallelism(processors < 2 ? 0 : Math.min(processors, MAX_WORKERS), BATCH_ROWS);
  }
}
