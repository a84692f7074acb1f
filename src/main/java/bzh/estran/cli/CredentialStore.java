package bzh.estran.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * The credentials file, {@code $XDG_CONFIG_HOME/estran/credentials.json} (else {@code
 * ~/.config/estran/credentials.json}): readable by its owner only (mode 0600, in a 0700 directory),
 * replaced atomically.
 */
public final class CredentialStore {

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path file;

  CredentialStore(CliEnvironment environment) {
    String xdg = environment.variable("XDG_CONFIG_HOME");
    Path base = xdg != null ? Path.of(xdg) : environment.home().resolve(".config");
    this.file = base.resolve("estran").resolve("credentials.json");
  }

  /** Where the credentials are kept. */
  public Path file() {
    return file;
  }

  /** The saved credentials, if any. */
  public Optional<Credentials> load() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(Files.readString(file), Credentials.class));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Saves them, readable by the user only. */
  public void save(Credentials credentials) {
    try {
      Path directory = file.getParent();
      if (!Files.isDirectory(directory)) {
        if (posix()) {
          Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
        } else {
          Files.createDirectories(directory);
        }
      }
      writePrivately(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(credentials));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forgets them; true if there were any. */
  public boolean delete() {
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code text} to a new file created with mode 0600 next to {@code target}, then moves it
   * over {@code target}, so no one ever reads a half-written or world-readable file.
   */
  static void writePrivately(Path target, String text) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Path temporary =
        posix()
            ? Files.createTempFile(
                directory, ".estran-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
            : Files.createTempFile(directory, ".estran-", ".tmp");
    try {
      Files.writeString(temporary, text);
      try {
        Files.move(
            temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
