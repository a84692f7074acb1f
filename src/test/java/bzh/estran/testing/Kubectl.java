package bzh.estran.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code kubectl} binary (Debian's {@code kubernetes-client}), run on kubeconfig files
 * only: the simulated API server has no discovery endpoints, so nothing here talks to a cluster.
 */
public final class Kubectl {

  private Kubectl() {}

  /** The binary on the {@code PATH}, if any. */
  public static Optional<Path> find() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory, "kubectl");
      if (!directory.isEmpty() && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Skips the calling test, saying why, when kubectl is not installed. */
  public static void assumeInstalled() {
    assumeTrue(
        find().isPresent(),
        "kubectl is not installed (Debian: apt-get install kubernetes-client; .ci/run installs it)");
  }

  /** What {@code kubectl} printed for {@code arguments}, with {@code KUBECONFIG} set. */
  public static String run(String kubeconfig, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(find().orElseThrow().toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put("KUBECONFIG", kubeconfig);
    environment.put("HOME", System.getProperty("java.io.tmpdir"));
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl did not finish: " + command);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "kubectl " + String.join(" ", arguments) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
