package bzh.estran.kube.core;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.catalog.core.Size;
import bzh.estran.sandbox.core.Sandbox;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SandboxLimitsTest {

  @Test
  void quota_holds_the_size_and_the_object_counts() {
    ResourceQuota quota =
        SandboxObjects.resourceQuota(TestSandboxes.sandbox(Size.of("2", "4", "10")));

    assertThat(rendered(quota.getSpec().getHard()))
        .containsOnly(
            Map.entry("requests.cpu", "2"),
            Map.entry("limits.cpu", "2"),
            Map.entry("requests.memory", "4Gi"),
            Map.entry("limits.memory", "4Gi"),
            Map.entry("requests.storage", "10Gi"),
            Map.entry("pods", "50"),
            Map.entry("persistentvolumeclaims", "10"),
            Map.entry("services.loadbalancers", "0"),
            Map.entry("services.nodeports", "0"));
  }

  @Test
  void fractional_cpu_renders_as_millicores_and_fractional_memory_as_mebibytes() {
    ResourceQuota quota =
        SandboxObjects.resourceQuota(TestSandboxes.sandbox(Size.of("0.5", "0.5", "2.5")));

    Map<String, String> hard = rendered(quota.getSpec().getHard());
    assertThat(hard)
        .containsEntry("requests.cpu", "500m")
        .containsEntry("limits.cpu", "500m")
        .containsEntry("requests.memory", "512Mi")
        .containsEntry("requests.storage", "2560Mi");
    assertThat(quota.getSpec().getHard().get("limits.cpu").getNumericalAmount())
        .isEqualByComparingTo("0.5");
  }

  @Test
  void whole_cpu_written_with_decimals_or_in_tens_renders_as_plain_cores() {
    assertThat(Quantities.cores(new BigDecimal("2.000")).toString()).isEqualTo("2");
    assertThat(Quantities.cores(new BigDecimal("2E+1")).toString()).isEqualTo("20");
    assertThat(Quantities.cores(new BigDecimal("1.25")).toString()).isEqualTo("1250m");
  }

  @Test
  void quota_matches_the_same_amounts_in_another_notation() {
    Sandbox sandbox = TestSandboxes.sandbox(Size.of("1", "4", "10"));
    ResourceQuota fromCluster =
        new ResourceQuotaBuilder(SandboxObjects.resourceQuota(sandbox))
            .editSpec()
            .addToHard("requests.cpu", new Quantity("1000m"))
            .addToHard("limits.memory", new Quantity("4096Mi"))
            .endSpec()
            .build();

    assertThat(SandboxObjects.quotaMatches(fromCluster, sandbox)).isTrue();
  }

  @Test
  void quota_does_not_match_after_a_hand_edit() {
    Sandbox sandbox = TestSandboxes.sandbox(Size.of("1", "4", "10"));
    ResourceQuota edited =
        new ResourceQuotaBuilder(SandboxObjects.resourceQuota(sandbox))
            .editSpec()
            .addToHard("limits.cpu", new Quantity("8"))
            .endSpec()
            .build();

    assertThat(SandboxObjects.quotaMatches(edited, sandbox)).isFalse();
  }

  @Test
  void quota_does_not_match_with_a_key_removed_or_added_or_when_missing() {
    Sandbox sandbox = TestSandboxes.sandbox(Size.of("1", "4", "10"));
    ResourceQuota desired = SandboxObjects.resourceQuota(sandbox);
    Map<String, Quantity> withoutPods = new LinkedHashMap<>(desired.getSpec().getHard());
    withoutPods.remove("pods");
    ResourceQuota removed =
        new ResourceQuotaBuilder(desired).editSpec().withHard(withoutPods).endSpec().build();
    ResourceQuota added =
        new ResourceQuotaBuilder(desired)
            .editSpec()
            .addToHard("secrets", new Quantity("100"))
            .endSpec()
            .build();

    assertThat(SandboxObjects.quotaMatches(removed, sandbox)).isFalse();
    assertThat(SandboxObjects.quotaMatches(added, sandbox)).isFalse();
    assertThat(SandboxObjects.quotaMatches(new ResourceQuota(), sandbox)).isFalse();
    assertThat(SandboxObjects.quotaMatches(null, sandbox)).isFalse();
    assertThat(SandboxObjects.quotaMatches(desired, TestSandboxes.sandbox(Size.of("2", "4", "10"))))
        .isFalse();
  }

  @Test
  void limit_range_defaults_are_capped_at_one_core_and_one_gibibyte_and_max_is_the_size() {
    List<LimitRangeItem> limits =
        SandboxObjects.limitRange(TestSandboxes.sandbox(Size.of("4", "8", "20")))
            .getSpec()
            .getLimits();

    LimitRangeItem container = limits.get(0);
    assertThat(container.getType()).isEqualTo("Container");
    assertThat(rendered(container.getDefault()))
        .containsOnly(Map.entry("cpu", "1"), Map.entry("memory", "1Gi"));
    assertThat(rendered(container.getDefaultRequest()))
        .containsOnly(Map.entry("cpu", "100m"), Map.entry("memory", "128Mi"));
    assertThat(rendered(container.getMax()))
        .containsOnly(Map.entry("cpu", "4"), Map.entry("memory", "8Gi"));
    LimitRangeItem claim = limits.get(1);
    assertThat(claim.getType()).isEqualTo("PersistentVolumeClaim");
    assertThat(rendered(claim.getMax())).containsOnly(Map.entry("storage", "20Gi"));
  }

  @Test
  void limit_range_defaults_never_exceed_a_small_size() {
    LimitRangeItem container =
        SandboxObjects.limitRange(TestSandboxes.sandbox(Size.of("0.05", "0.0625", "1")))
            .getSpec()
            .getLimits()
            .get(0);

    assertThat(rendered(container.getDefault()))
        .containsOnly(Map.entry("cpu", "50m"), Map.entry("memory", "64Mi"));
    assertThat(rendered(container.getDefaultRequest()))
        .containsOnly(Map.entry("cpu", "50m"), Map.entry("memory", "64Mi"));
    assertThat(rendered(container.getMax()))
        .containsOnly(Map.entry("cpu", "50m"), Map.entry("memory", "64Mi"));
  }

  private static Map<String, String> rendered(Map<String, Quantity> quantities) {
    return quantities.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().toString()));
  }
}
