package bzh.estran.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class CompactStoreTest {

  private final CompactStore<ConfigMap> store =
      new CompactStore<>(ConfigMap.class, new KubernetesSerialization());

  private static ConfigMap config(String version, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace("sbx-000000000001")
        .withName("welcome")
        .withResourceVersion(version)
        .addToLabels("app.kubernetes.io/managed-by", "estran")
        .endMetadata()
        .addToData("k", value)
        .build();
  }

  @Test
  void theHashOfWhatWasJustPutIsTheOneItsStubCarries() {
    ConfigMap first = config("1", "v");
    store.put(store.getKey(first), first);

    int stubs = CompactStore.contentHashOf(store.get("sbx-000000000001/welcome"));
    assertThat(store.contentHash(first)).isEqualTo(stubs).isNotZero();
    assertThat(store.contentHash(config("1", "v"))).isEqualTo(stubs);
  }

  @Test
  void aNewVersionIsHashedFromItsContent() {
    ConfigMap first = config("1", "v");
    store.put(store.getKey(first), first);
    int before = CompactStore.contentHashOf(store.get("sbx-000000000001/welcome"));

    ConfigMap changed = config("2", "w");
    assertThat(store.contentHash(changed)).isNotEqualTo(before);
    ConfigMap statusOnly = config("3", "v");
    assertThat(store.contentHash(statusOnly)).isEqualTo(before);

    store.put(store.getKey(changed), changed);
    assertThat(CompactStore.contentHashOf(store.get("sbx-000000000001/welcome")))
        .isEqualTo(store.contentHash(changed))
        .isNotEqualTo(before);
    assertThat(store.content("sbx-000000000001/welcome").orElseThrow().content())
        .extracting(tree -> tree.get("data"))
        .isEqualTo(java.util.Map.of("k", "w"));
  }

  @Test
  void aRelistAtTheSameVersionKeepsWhatIsHeld() {
    ConfigMap first = config("7", "v");
    store.put(store.getKey(first), first);

    ConfigMap old = store.put(store.getKey(first), config("7", "v"));

    assertThat(old.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.content("sbx-000000000001/welcome").orElseThrow().resourceVersion())
        .isEqualTo("7");
  }
}
