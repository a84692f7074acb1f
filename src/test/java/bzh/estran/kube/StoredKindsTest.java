package bzh.estran.kube;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.catalog.core.Size;
import bzh.estran.kube.core.DatasetLoad;
import bzh.estran.kube.core.DatasetLoaderObjects;
import bzh.estran.kube.core.SandboxObjects;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The watch follows every kind Estran keeps as desired: a kind left out would be read from the API
 * server at every repair, and its drift seen only by the resync.
 */
class StoredKindsTest {

  private final Sandbox sandbox =
      new Sandbox(
          UUID.fromString("0f8c2e1a-9b3d-4c5e-8f60-123456789abc"),
          "churn-analysis",
          UUID.randomUUID(),
          "ana@univ-rennes.fr",
          UUID.randomUUID(),
          "univ-rennes",
          null,
          "data-lab",
          List.of("air-quality"),
          Size.of("2", "4", "10"),
          SandboxState.PROVISIONING,
          "sbx-0f8c2e1a9b3d",
          Instant.parse("2026-03-02T09:00:00Z"),
          Instant.parse("2026-03-09T09:00:00Z"),
          null,
          null,
          null);

  @Test
  void everyKindEstranKeepsIsWatchedAndNoKindOnlyTemplatesUse() {
    List<HasMetadata> kept = new ArrayList<>(SandboxObjects.kept(sandbox, List.of("10.0.0.0/8")));
    kept.addAll(
        DatasetLoaderObjects.supporting(
            sandbox,
            5,
            List.of(new DatasetLoad("air-quality", 2, "ab".repeat(32), 1234, "http://e/x", "R")),
            "token",
            Optional.of(
                new DatasetLoaderObjects.ControlPlane(
                    "estran-system", Map.of("app.kubernetes.io/name", "estran"), 7070))));

    assertThat(kept)
        .filteredOn(object -> !(object instanceof Namespace))
        .allSatisfy(object -> assertThat(ClusterWatch.KINDS).contains(object.getClass()));
    assertThat(ClusterWatch.KINDS).doesNotContain(Deployment.class);
    assertThat(StoredKinds.NAMESPACED).containsAll(StoredKinds.KEPT).doesNotHaveDuplicates();
  }
}
