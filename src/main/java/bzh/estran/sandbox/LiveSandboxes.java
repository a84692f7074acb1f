package bzh.estran.sandbox;

import bzh.estran.dataset.DatasetDownloads;
import java.time.Clock;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Tells the dataset feature whether a sandbox still lives (provisioning or ready, not expired):
 * only then may its loader token download its datasets.
 */
public final class LiveSandboxes implements DatasetDownloads.Liveness {

  private final Jdbi jdbi;
  private final Clock clock;

  public LiveSandboxes(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public boolean isLive(UUID sandbox) {
    return jdbi.withExtension(SandboxDao.class, dao -> dao.find(sandbox))
        .filter(found -> found.state().wantsNamespace())
        .filter(found -> found.expiresAt().isAfter(clock.instant()))
        .isPresent();
  }
}
