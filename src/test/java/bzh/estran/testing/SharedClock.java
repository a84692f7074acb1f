package bzh.estran.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock several processes share: real time plus an offset kept in a file, which the test moves
 * with {@link #advance}. Each replica of a multi-process test reads the same file, so they all see
 * the same moved time (within the file's re-read interval, 20 ms).
 */
public final class SharedClock extends Clock {

  private static final long REREAD_NANOS = 20_000_000;

  private final Path file;
  private volatile long offsetMillis;
  private volatile long readAt = Long.MIN_VALUE;

  public SharedClock(Path file) {
    this.file = file;
    if (!Files.exists(file)) {
      write(0);
    }
  }

  public Path file() {
    return file;
  }

  /** Moves the time of every process sharing the file. */
  public synchronized void advance(Duration by) {
    write(offset() + by.toMillis());
  }

  @Override
  public Instant instant() {
    return Instant.now().plusMillis(offset());
  }

  private long offset() {
    long now = System.nanoTime();
    if (readAt == Long.MIN_VALUE || now - readAt > REREAD_NANOS) {
      try {
        offsetMillis = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
        readAt = now;
      } catch (IOException | NumberFormatException e) {
        // being replaced right now: keep the last value
      }
    }
    return offsetMillis;
  }

  private void write(long millis) {
    try {
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.writeString(next, Long.toString(millis), StandardCharsets.UTF_8);
      try {
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
      }
      offsetMillis = millis;
      readAt = System.nanoTime();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("tests use UTC");
  }
}
