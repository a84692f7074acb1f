package bzh.estran.kube;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.kube.core.DatasetLoad;
import bzh.estran.kube.core.DatasetLoaderObjects;
import bzh.estran.kube.core.SandboxObjects;
import bzh.estran.kube.core.TestSandboxes;
import bzh.estran.sandbox.core.Sandbox;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The watch follows every kind Estran keeps as desired: a kind left out would be read from the API
 * server at every repair, and its drift seen only by the resync.
 */
class StoredKindsTest {

  private final Sandbox sandbox = TestSandboxes.sandbox();

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
