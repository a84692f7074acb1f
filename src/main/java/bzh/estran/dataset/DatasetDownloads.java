package bzh.estran.dataset;

import bzh.estran.dataset.core.ByteRange;
import bzh.estran.dataset.core.Dataset;
import bzh.estran.dataset.core.DatasetVersion;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.Unauthorized;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The content endpoint's rules: only a loader token, of a sandbox that still lives, for a version
 * that sandbox was given (and, if the version was withdrawn since, only to a sandbox admitted
 * before the withdrawal). Everything else is refused the same way, so nothing leaks.
 */
public final class DatasetDownloads {

  /** Whether a sandbox still lives (not ended, not expired); the sandbox feature answers. */
  public interface Liveness {
    boolean isLive(UUID sandbox);
  }

  private final Jdbi jdbi;
  private final LoaderTokens tokens;
  private final DatasetStore store;
  private final Liveness liveness;

  public DatasetDownloads(Jdbi jdbi, LoaderTokens tokens, DatasetStore store, Liveness liveness) {
    this.jdbi = jdbi;
    this.tokens = tokens;
    this.store = store;
    this.liveness = liveness;
  }

  /** The version the bearer may download: {@link Unauthorized} or {@link Forbidden} otherwise. */
  public DatasetVersion authorize(String authorization, String name, String versionText) {
    String token =
        authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? authorization.substring(7).trim()
            : null;
    Optional<UUID> sandbox = tokens.verify(token);
    if (sandbox.isEmpty() || !liveness.isLive(sandbox.get())) {
      throw new Unauthorized(
          "Dataset content is served to the loader of a live sandbox only, with its token.");
    }
    Forbidden refused =
        new Forbidden("This sandbox was not given " + name + "@" + versionText + ".");
    return jdbi.withHandle(
        handle -> {
          DatasetDao dao = handle.attach(DatasetDao.class);
          Optional<Dataset> dataset = dao.findDataset(name);
          Optional<Integer> version =
              dataset.isEmpty() ? Optional.empty() : parseVersion(versionText, name);
          if (version.isEmpty()) {
            throw refused;
          }
          Optional<Instant> granted =
              dao.grantedAt(sandbox.get(), dataset.get().id(), version.get());
          DatasetVersion found = dao.version(dataset.get().id(), version.get()).orElse(null);
          if (granted.isEmpty()
              || found == null
              || (found.withdrawn() && !granted.get().isBefore(found.withdrawnAt()))) {
            throw refused;
          }
          return found;
        });
  }

  /** The bytes of a range of the version (the whole file for {@link ByteRange.Whole}). */
  public InputStream open(DatasetVersion version, ByteRange range) {
    return store.read(version.blobId(), range.start(), range.length());
  }

  private static Optional<Integer> parseVersion(String text, String name) {
    try {
      return Optional.of(DatasetService.versionNumber(text, name));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
