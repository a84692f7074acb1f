package bzh.estran;

import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One part of Estran's start made on a thread of its own, beside the rest, and joined where it is
 * first needed. What it opened joins Estran's parts when it is joined, to be closed with them; when
 * the start fails before that, {@link #abandon} waits for it so that what it opened is closed too.
 * Used from the starting thread only.
 */
final class StartingPart<T> {

  private final CompletableFuture<T> pending;
  private final Function<T, List<AutoCloseable>> opened;
  private boolean joined;

  private StartingPart(CompletableFuture<T> pending, Function<T, List<AutoCloseable>> opened) {
    this.pending = pending;
    this.opened = opened;
  }

  /**
   * Makes the part on a new thread named {@code thread} (for thread dumps and profiles; not a
   * pool's: the threads a part starts, such as the embedded database's, are made by it as before).
   * {@code opened} lists what the made part holds open, in the order it was opened: it is closed in
   * the reverse order.
   */
  static <T> StartingPart<T> start(
      String thread, Supplier<T> make, Function<T, List<AutoCloseable>> opened) {
    return new StartingPart<>(
        CompletableFuture.supplyAsync(make, task -> new Thread(task, thread).start()), opened);
  }

  /** A part that holds nothing open. */
  static <T> StartingPart<T> start(String thread, Supplier<T> make) {
    return start(thread, make, made -> List.of());
  }

  /**
   * Waits for the part and answers it, what it opened now among {@code parts}; or throws what
   * making it threw.
   */
  T join(Deque<AutoCloseable> parts) {
    T made;
    try {
      made = pending.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    if (!joined) {
      joined = true;
      opened.apply(made).forEach(parts::push);
    }
    return made;
  }

  /**
   * After {@code failure} stopped the start: waits for the part, so that what it opened is among
   * {@code parts} and closed with them; its own failure, when another, is added to {@code failure}.
   */
  void abandon(Deque<AutoCloseable> parts, RuntimeException failure) {
    try {
      join(parts);
    } catch (RuntimeException failedToo) {
      if (failedToo != failure) {
        failure.addSuppressed(failedToo);
      }
    }
  }
}
