package bzh.estran.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears the way for dev mode's PostgreSQL on its data folder after Estran was killed ({@code kill
 * -9}): the server it started runs on in its own session and holds the folder's {@code
 * postmaster.pid}. A live PostgreSQL named there is stopped (a fast shutdown: SIGTERM, then SIGKILL
 * if it lingers); a pid file naming no PostgreSQL (left by a reboot) is removed.
 */
final class LeftoverPostgres {

  private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostgres.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private LeftoverPostgres() {}

  static void clear(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    Optional<Long> pid = pid(pidFile);
    if (pid.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> process =
        ProcessHandle.of(pid.get()).filter(LeftoverPostgres::isPostgres);
    if (process.isEmpty()) {
      LOG.info("Removing the stale {} (process {} is gone)", pidFile, pid.get());
      delete(pidFile);
      return;
    }
    LOG.warn(
        "A PostgreSQL left by an earlier run (process {}) still holds {}; stopping it",
        pid.get(),
        dataDir);
    stop(process.get());
    delete(pidFile);
  }

  private static Optional<Long> pid(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      LOG.warn("Unreadable {}: {}; removing it", pidFile, e.toString());
      delete(pidFile);
      return Optional.empty();
    }
  }

  private static boolean isPostgres(ProcessHandle process) {
    return process.isAlive()
        && process.info().command().map(command -> command.contains("postgres")).orElse(true);
  }

  private static void stop(ProcessHandle process) {
    process.destroy(); // SIGTERM: PostgreSQL's smart shutdown; its clients died with Estran
    if (!exited(process)) {
      process.destroyForcibly();
      exited(process);
    }
  }

  private static boolean exited(ProcessHandle process) {
    try {
      process.onExit().get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + file, e);
    }
  }
}
