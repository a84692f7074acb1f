package bzh.estran.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An Estran replica in a separate JVM ({@link ReplicaMain}), started with the test's class path and
 * the given environment, and killed with {@link #kill()} (SIGKILL: no shutdown hook, no close, its
 * leases and Quartz check-ins left as they are).
 */
public final class ReplicaProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private ReplicaProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the replica and waits until it serves HTTP; its log goes to {@code log}. */
  public static ReplicaProcess start(Map<String, String> env, Path log) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            ReplicaMain.class.getName());
    builder.environment().putAll(env);
    builder.redirectError(log.toFile());
    try {
      Process process = builder.start();
      CompletableFuture<Integer> up =
          CompletableFuture.supplyAsync(
              () -> awaitPort(process, log.resolveSibling(log.getFileName() + ".out")));
      try {
        return new ReplicaProcess(process, up.get(180, TimeUnit.SECONDS));
      } catch (Exception e) {
        process.destroyForcibly();
        throw new IllegalStateException("replica did not start; see " + log, e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int awaitPort(Process process, Path log) {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    try {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ESTRAN-REPLICA-UP ")) {
          int port = Integer.parseInt(line.substring("ESTRAN-REPLICA-UP ".length()).trim());
          drain(out, log);
          return port;
        }
      }
      throw new IllegalStateException("replica exited before serving");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies its output (its log) to a file, so that the process never blocks on a full pipe. */
  private static void drain(BufferedReader out, Path log) {
    Thread drainer =
        new Thread(
            () -> {
              try (var copy = java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = out.readLine()) != null) {
                  copy.write(line);
                  copy.newLine();
                  copy.flush();
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "replica-output");
    drainer.setDaemon(true);
    drainer.start();
  }

  public String baseUrl() {
    return "http://localhost:" + port;
  }

  /** SIGKILL, and waits until the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
