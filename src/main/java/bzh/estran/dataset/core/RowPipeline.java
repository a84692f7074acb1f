package bzh.estran.dataset.core;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One pass's rows in batches, handed to the caller in file order. With workers, one thread decodes
 * the CSV into recycled batches, the workers derive what the pass needs from each row (the part of
 * the work that depends on the row alone), and the caller's thread consumes the batches in order
 * (the part that depends on the rows before). A fixed set of batches circulates, so memory stays
 * bounded whatever the size of the table; with no workers, the caller's thread does all three steps
 * one batch after the other, on the same code.
 *
 * <p>Some coarsenings learn from the first row they see (the grid's east–west scale). Until every
 * one the pass uses has learnt, batches are derived by the caller's thread in order, so that what
 * they learn comes from the same row as on one thread.
 */
final class RowPipeline<B extends RowBatch> implements AutoCloseable {

  /** Derives what a pass needs from each row of a batch; one instance per thread. */
  interface Deriver<B> {
    void derive(B batch);
  }

  private final CsvRows csv;
  private final Deriver<B> inlineDeriver;
  private final BooleanSupplier settled;
  private final BlockingQueue<B> free;
  private final BlockingQueue<B> work;
  private final BlockingQueue<B> ordered;
  private final List<Thread> threads = new ArrayList<>();
  private final B single;
  private volatile boolean closed;
  private long number;
  private B current;
  private boolean ended;
  private boolean started;

  /**
   * @param settled whether the coarsenings the pass uses have all learnt what they learn from a
   *     first row
   */
  RowPipeline(
      CsvRows csv,
      Parallelism parallelism,
      Supplier<B> batches,
      Supplier<Deriver<B>> derivers,
      BooleanSupplier settled) {
    this.csv = csv;
    this.inlineDeriver = derivers.get();
    this.settled = settled;
    int workers = parallelism.workers();
    if (workers == 0) {
      single = batches.get();
      free = null;
      work = null;
      ordered = null;
      return;
    }
    single = null;
    int count = 2 * workers + 2;
    free = new ArrayBlockingQueue<>(count);
    work = new ArrayBlockingQueue<>(count);
    ordered = new ArrayBlockingQueue<>(count);
    for (int i = 0; i < count; i++) {
      free.add(batches.get());
    }
    for (int i = 0; i < workers; i++) {
      Deriver<B> deriver = derivers.get();
      threads.add(new Thread(() -> treat(deriver), "estran-anonymiser-worker-" + (i + 1)));
    }
    threads.add(new Thread(this::decode, "estran-anonymiser-decoder"));
    threads.forEach(thread -> thread.setDaemon(true));
  }

  /**
   * The next batch in file order, its rows derived, valid until the next call; null after the last
   * batch.
   */
  B next() throws InterruptedIOException {
    if (ended) {
      return null;
    }
    if (single != null) {
      fill(single);
      derive(inlineDeriver, single);
      ended = single.last;
      return single;
    }
    if (!started) {
      started = true;
      threads.forEach(Thread::start);
    }
    try {
      if (current != null) {
        free.put(current);
      }
      current = ordered.take();
      if (current.inline) {
        derive(inlineDeriver, current);
      } else {
        current.derived.acquire();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while anonymising");
    }
    ended = current.last;
    return current;
  }

  private void decode() {
    try {
      while (!closed) {
        B batch = free.take();
        fill(batch);
        batch.inline = !settled.getAsBoolean();
        ordered.put(batch);
        if (!batch.inline) {
          work.put(batch);
        }
        if (batch.last) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private void treat(Deriver<B> deriver) {
    try {
      while (!closed) {
        B batch = work.take();
        derive(deriver, batch);
        batch.derived.release();
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private static <T extends RowBatch> void derive(Deriver<T> deriver, T batch) {
    try {
      deriver.derive(batch);
    } catch (RuntimeException | Error e) {
      batch.fail(0, e);
    }
  }

  /** Reads the next rows into {@code batch}; a decoding failure ends the batch, and the table. */
  private void fill(B batch) {
    batch.reset(number + 1);
    try {
      while (batch.size < batch.capacity()) {
        if (!csv.next(batch.rows[batch.size])) {
          batch.last = true;
          break;
        }
        batch.lines[batch.size++] = csv.line();
      }
    } catch (RuntimeException | Error e) {
      batch.fail(batch.size, e);
      batch.last = true;
    }
    batch.endLine = csv.line();
    number += batch.size;
  }

  /** Stops the threads (whatever they are doing) and closes the CSV. */
  @Override
  public void close() {
    closed = true;
    for (Thread thread : threads) {
      thread.interrupt();
    }
    boolean interrupted = false;
    for (Thread thread : threads) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    csv.close();
  }
}
