package bzh.estran.kube.core;

import bzh.estran.catalog.core.Size;
import bzh.estran.sandbox.core.Sandbox;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** The ResourceQuota and LimitRange that hold a sandbox to its template size. */
final class SandboxLimits {

  static final int MAX_PODS = 50;
  static final int MAX_PERSISTENT_VOLUME_CLAIMS = 10;

  private static final BigDecimal DEFAULT_LIMIT_CPU = BigDecimal.ONE;
  private static final BigDecimal DEFAULT_LIMIT_MEMORY_GIB = BigDecimal.ONE;
  private static final BigDecimal DEFAULT_REQUEST_CPU = new BigDecimal("0.1");
  private static final BigDecimal DEFAULT_REQUEST_MEMORY_GIB = new BigDecimal("0.125");

  private SandboxLimits() {}

  static ResourceQuota resourceQuota(Sandbox sandbox) {
    return new ResourceQuotaBuilder()
        .withNewMetadata()
        .withName(SandboxNames.RESOURCE_QUOTA)
        .withNamespace(SandboxNames.namespaceOf(sandbox))
        .withLabels(SandboxLabels.of(sandbox))
        .endMetadata()
        .withNewSpec()
        .withHard(hardLimits(sandbox.size()))
        .endSpec()
        .build();
  }

  /** The quota's {@code spec.hard} for a size. */
  static Map<String, Quantity> hardLimits(Size size) {
    Map<String, Quantity> hard = new LinkedHashMap<>();
    hard.put("requests.cpu", Quantities.cores(size.cpu()));
    hard.put("limits.cpu", Quantities.cores(size.cpu()));
    hard.put("requests.memory", Quantities.gibibytes(size.memoryGiB()));
    hard.put("limits.memory", Quantities.gibibytes(size.memoryGiB()));
    hard.put("requests.storage", Quantities.gibibytes(size.storageGiB()));
    hard.put("pods", new Quantity(String.valueOf(MAX_PODS)));
    hard.put("persistentvolumeclaims", new Quantity(String.valueOf(MAX_PERSISTENT_VOLUME_CLAIMS)));
    hard.put("services.loadbalancers", new Quantity("0"));
    hard.put("services.nodeports", new Quantity("0"));
    return hard;
  }

  static boolean quotaMatches(ResourceQuota actual, Sandbox sandbox) {
    if (actual == null || actual.getSpec() == null || actual.getSpec().getHard() == null) {
      return false;
    }
    Map<String, Quantity> actualHard = actual.getSpec().getHard();
    Map<String, Quantity> desiredHard = hardLimits(sandbox.size());
    return actualHard.keySet().equals(desiredHard.keySet())
        && desiredHard.entrySet().stream()
            .allMatch(e -> Quantities.sameAmount(e.getValue(), actualHard.get(e.getKey())));
  }

  /**
   * Per container: a default limit of at most one core and 1 GiB, a default request of at most 100m
   * and 128 MiB, a maximum equal to the size; per claim, at most the size's storage.
   */
  static LimitRange limitRange(Sandbox sandbox) {
    Size size = sandbox.size();
    return new LimitRangeBuilder()
        .withNewMetadata()
        .withName(SandboxNames.LIMIT_RANGE)
        .withNamespace(SandboxNames.namespaceOf(sandbox))
        .withLabels(SandboxLabels.of(sandbox))
        .endMetadata()
        .withNewSpec()
        .addNewLimit()
        .withType("Container")
        .withDefault(cpuAndMemory(size, DEFAULT_LIMIT_CPU, DEFAULT_LIMIT_MEMORY_GIB))
        .withDefaultRequest(cpuAndMemory(size, DEFAULT_REQUEST_CPU, DEFAULT_REQUEST_MEMORY_GIB))
        .withMax(cpuAndMemory(size, size.cpu(), size.memoryGiB()))
        .endLimit()
        .addNewLimit()
        .withType("PersistentVolumeClaim")
        .withMax(Map.of("storage", Quantities.gibibytes(size.storageGiB())))
        .endLimit()
        .endSpec()
        .build();
  }

  /** CPU and memory capped by the size, so that defaults never exceed the maximum. */
  private static Map<String, Quantity> cpuAndMemory(
      Size size, BigDecimal cpu, BigDecimal memoryGiB) {
    Map<String, Quantity> resources = new LinkedHashMap<>();
    resources.put("cpu", Quantities.cores(cpu.min(size.cpu())));
    resources.put("memory", Quantities.gibibytes(memoryGiB.min(size.memoryGiB())));
    return resources;
  }
}
