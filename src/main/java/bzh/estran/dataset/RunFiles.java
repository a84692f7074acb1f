package bzh.estran.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of runs: one private directory per run under {@code root} (the raw upload as received,
 * the output before it is stored), deleted when the run ends, whatever happens.
 */
public final class RunFiles {

  private static final Logger LOG = LoggerFactory.getLogger(RunFiles.class);

  private final Path root;

  public RunFiles(Path root) {
    this.root = root;
  }

  /** A new directory for the run. */
  public RunDir open(UUID run) throws IOException {
    Files.createDirectories(root);
    return new RunDir(Files.createTempDirectory(root, "run-" + run + "-"));
  }

  /** How many run directories exist now (for tests and the metrics). */
  public long count() {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> listing = Files.list(root)) {
      return listing.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One run's directory; closing it deletes it and everything in it. */
  public static final class RunDir implements AutoCloseable {
    private final Path dir;

    private RunDir(Path dir) {
      this.dir = dir;
    }

    /** Streams the upload to the raw file; returns its size in bytes (as received). */
    long receive(InputStream body) throws IOException {
      try (OutputStream out = Files.newOutputStream(raw())) {
        return body.transferTo(out);
      }
    }

    /** The raw CSV as UTF-8 text, decompressed when it was sent as gzip. */
    Reader openRaw() throws IOException {
      InputStream in = new BufferedInputStream(Files.newInputStream(raw()), 1 << 16);
      in.mark(2);
      int first = in.read();
      int second = in.read();
      in.reset();
      if (first == 0x1f && second == 0x8b) {
        in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
      }
      return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    OutputStream output() throws IOException {
      return new java.io.BufferedOutputStream(
          Files.newOutputStream(dir.resolve("output.csv")), 1 << 16);
    }

    InputStream readOutput() throws IOException {
      return Files.newInputStream(dir.resolve("output.csv"));
    }

    private Path raw() {
      return dir.resolve("raw");
    }

    @Override
    public void close() {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(RunDir::deleteQuietly);
      } catch (IOException e) {
        LOG.warn("Could not delete run directory {}", dir, e);
      }
    }

    private static void deleteQuietly(Path path) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        LOG.warn("Could not delete {}", path, e);
      }
    }
  }
}
