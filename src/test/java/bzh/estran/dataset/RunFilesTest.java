package bzh.estran.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {

  @TempDir Path root;

  @Test
  void leftoversOfThisDatabasesRunsGoAndAnotherDatabasesRunsStay() throws Exception {
    RunFiles files = new RunFiles(root);
    UUID ended = UUID.randomUUID();
    UUID receivedByTheDead = UUID.randomUUID();
    UUID receivedByTheLiving = UUID.randomUUID();
    UUID anotherDatabases = UUID.randomUUID();
    files.open(ended, "replica-a");
    files.open(receivedByTheDead, "replica-dead");
    files.open(receivedByTheLiving, "replica-a");
    files.open(anotherDatabases, "replica-of-the-other-instance");
    Map<UUID, Boolean> known = new HashMap<>();
    known.put(ended, true);
    known.put(receivedByTheDead, false);
    known.put(receivedByTheLiving, false);
    AtomicReference<List<UUID>> asked = new AtomicReference<>();

    int deleted =
        files.deleteLeftovers(
            ids -> {
              asked.set(ids);
              return known;
            },
            () -> Set.of("replica-a"));

    assertThat(deleted).isEqualTo(2);
    assertThat(asked.get())
        .containsExactlyInAnyOrder(ended, receivedByTheDead, receivedByTheLiving, anotherDatabases);
    assertThat(runsLeft())
        .containsExactlyInAnyOrder(receivedByTheLiving.toString(), anotherDatabases.toString());
  }

  @Test
  void nothingIsDeletedWhenTheDatabaseKnowsNoneOfTheRuns() throws Exception {
    RunFiles files = new RunFiles(root);
    UUID run = UUID.randomUUID();
    files.open(run, "replica-gone");

    assertThat(files.deleteLeftovers(ids -> Map.of(), Set::of)).isZero();
    assertThat(runsLeft()).containsExactly(run.toString());
  }

  private List<String> runsLeft() throws Exception {
    try (var listing = Files.list(root)) {
      return listing
          .map(path -> path.getFileName().toString().substring("run-".length(), 4 + 36))
          .toList();
    }
  }
}
