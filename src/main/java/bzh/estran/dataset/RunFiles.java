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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  private static final String OWNER = "owner";

  private final Path root;

  public RunFiles(Path root) {
    this.root = root;
  }

  /** A new directory for the run, received by replica {@code owner} (recorded in it). */
  public RunDir open(UUID run, String owner) throws IOException {
    Files.createDirectories(root);
    Path dir = Files.createTempDirectory(root, "run-" + run + "-");
    Files.writeString(dir.resolve(OWNER), owner, StandardCharsets.UTF_8);
    return new RunDir(dir);
  }

  /**
   * Deletes the directories a replica that died left on this disk (the replica restarted on the
   * same disk, or one sharing it, cleans them), of runs this database knows ({@code known}: each
   * with whether it has ended): those of runs that are over, and those received by a replica {@code
   * alive} does not list (an upload it was receiving when it died: its transaction rolled back, the
   * run waits for its data again). A directory of a run this database does not know is left alone,
   * whoever received it: the work dir may be shared with another database's Estran (two instances
   * on one machine), whose replicas this one cannot see. Returns how many were deleted.
   */
  public int deleteLeftovers(
      java.util.function.Function<List<UUID>, Map<UUID, Boolean>> known,
      java.util.function.Supplier<java.util.Set<String>> alive) {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    Map<Path, UUID> runs = new HashMap<>();
    try (Stream<Path> listing = Files.list(root)) {
      listing.forEach(path -> runOf(path).ifPresent(run -> runs.put(path, run)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (runs.isEmpty()) {
      return 0;
    }
    Map<UUID, Boolean> ours = known.apply(List.copyOf(new java.util.HashSet<>(runs.values())));
    if (ours.isEmpty()) {
      return 0;
    }
    java.util.Set<String> live = alive.get();
    int deleted = 0;
    for (Map.Entry<Path, UUID> entry : runs.entrySet()) {
      Boolean ended = ours.get(entry.getValue());
      if (ended == null) {
        continue; // another database's run
      }
      java.util.Optional<String> owner = ownerOf(entry.getKey());
      boolean orphan = owner.isPresent() && !live.contains(owner.get());
      if (ended || orphan) {
        LOG.info(
            "Deleting {}: its run {} {}",
            entry.getKey(),
            entry.getValue(),
            ended ? "ended" : "was received by " + owner.get() + ", which stopped");
        new RunDir(entry.getKey()).close();
        deleted++;
      }
    }
    return deleted;
  }

  private static java.util.Optional<String> ownerOf(Path dir) {
    try {
      return java.util.Optional.of(Files.readString(dir.resolve(OWNER), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static java.util.Optional<UUID> runOf(Path path) {
    String name = path.getFileName().toString();
    if (!name.startsWith("run-") || name.length() < 4 + 36) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(UUID.fromString(name.substring(4, 40)));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
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
