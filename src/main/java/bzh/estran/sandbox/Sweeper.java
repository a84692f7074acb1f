package bzh.estran.sandbox;

import bzh.estran.kube.KubeGateway;
import bzh.estran.kube.core.SandboxLabels;
import bzh.estran.kube.core.SandboxObjects;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxEvent;
import bzh.estran.sandbox.core.SandboxState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic repair of drift between the cluster and the database: namespaces deleted by hand,
 * Estran namespaces with no live sandbox, hand-edited quotas, and provisioning or deletion left
 * half-done (by a crash, a restart or another replica that died).
 */
public final class Sweeper {

  private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

  private final Jdbi jdbi;
  private final KubeGateway kube;
  private final ReconcileQueue queue;
  private final Clock clock;
  private final MeterRegistry meters;
  private final List<String> egressExcept;

  public Sweeper(
      Jdbi jdbi,
      KubeGateway kube,
      ReconcileQueue queue,
      List<String> egressExcept,
      Clock clock,
      MeterRegistry meters) {
    this.egressExcept = List.copyOf(egressExcept);
    this.jdbi = jdbi;
    this.kube = kube;
    this.queue = queue;
    this.clock = clock;
    this.meters = meters;
  }

  /** One pass; returns what it found. Cluster state is read before the database, never after. */
  public SweepReport sweep() {
    Instant started = clock.instant();
    Map<UUID, Namespace> namespaces = bySandboxId(kube.managedNamespaces());
    List<ResourceQuota> quotas = kube.managedResourceQuotas();
    Set<String> limited = namespacesOf(kube.managedLimitRanges());
    Map<String, Long> policies =
        kube.managedNetworkPolicies().stream()
            .collect(
                Collectors.groupingBy(
                    policy -> policy.getMetadata().getNamespace(), Collectors.counting()));
    SandboxDao dao = jdbi.onDemand(SandboxDao.class);
    Instant now = clock.instant();
    Map<UUID, Sandbox> live =
        dao.findLive().stream().collect(Collectors.toMap(Sandbox::id, Function.identity()));

    int vanished = 0;
    for (Sandbox sandbox : live.values()) {
      if (sandbox.state() == SandboxState.READY && !namespaces.containsKey(sandbox.id())) {
        queue.submit(sandbox.id());
        vanished++;
      }
    }
    int unattended = 0;
    for (Sandbox sandbox : dao.findUnattended(now)) {
      queue.submit(sandbox.id());
      unattended++;
    }
    int quotasRestored = restoreQuotas(dao, quotas, live, now);
    int isolationRestored =
        restoreIsolation(dao, namespaces, quotas, limited, policies, live, started);
    int orphans = deleteOrphans(namespaces, live);
    SweepReport report =
        new SweepReport(vanished, unattended, quotasRestored + isolationRestored, orphans);
    if (report.foundAnything()) {
      LOG.info("Sweep: {}", report);
    }
    return report;
  }

  private int restoreQuotas(
      SandboxDao dao, List<ResourceQuota> quotas, Map<UUID, Sandbox> live, Instant now) {
    int restored = 0;
    for (ResourceQuota quota : quotas) {
      Sandbox sandbox = sandboxOf(quota).map(live::get).orElse(null);
      if (sandbox == null || sandbox.state() != SandboxState.READY) {
        continue;
      }
      if (!SandboxObjects.quotaMatches(quota, sandbox)) {
        kube.apply(SandboxObjects.resourceQuota(sandbox));
        dao.addEvent(
            sandbox.id(),
            now,
            SandboxEvent.QUOTA_RESTORED,
            "The ResourceQuota of "
                + sandbox.namespace()
                + " was changed outside Estran; restored to "
                + sandbox.size().cpu()
                + " CPU, "
                + sandbox.size().memoryGiB()
                + " GiB memory, "
                + sandbox.size().storageGiB()
                + " GiB storage.");
        meters.counter("estran.drift.repaired", "kind", "quota-edited").increment();
        restored++;
      }
    }
    return restored;
  }

  /**
   * Puts back the quota, limits and network policies of READY sandboxes where someone deleted them:
   * without them a sandbox is neither bounded nor isolated.
   */
  private int restoreIsolation(
      SandboxDao dao,
      Map<UUID, Namespace> namespaces,
      List<ResourceQuota> quotas,
      Set<String> limited,
      Map<String, Long> policies,
      Map<UUID, Sandbox> live,
      Instant listedAfter) {
    Set<String> quotaed = namespacesOf(quotas);
    int restored = 0;
    for (Sandbox sandbox : live.values()) {
      String ns = sandbox.namespace();
      // only sandboxes READY before the lists were read: their objects existed then
      if (sandbox.state() != SandboxState.READY
          || !namespaces.containsKey(sandbox.id())
          || sandbox.readyAt() == null
          || !sandbox.readyAt().isBefore(listedAfter)) {
        continue;
      }
      List<String> missing = new ArrayList<>();
      if (!quotaed.contains(ns)) {
        kube.apply(SandboxObjects.resourceQuota(sandbox));
        missing.add("ResourceQuota");
      }
      if (!limited.contains(ns)) {
        kube.apply(SandboxObjects.limitRange(sandbox));
        missing.add("LimitRange");
      }
      if (policies.getOrDefault(ns, 0L) < 2) {
        SandboxObjects.networkPolicies(sandbox, egressExcept).forEach(kube::apply);
        missing.add("NetworkPolicies");
      }
      if (!missing.isEmpty()) {
        dao.addEvent(
            sandbox.id(),
            clock.instant(),
            SandboxEvent.ISOLATION_RESTORED,
            String.join(", ", missing) + " of " + ns + " deleted outside Estran; restored.");
        meters.counter("estran.drift.repaired", "kind", "isolation-deleted").increment();
        restored++;
      }
    }
    return restored;
  }

  private static Set<String> namespacesOf(List<? extends HasMetadata> objects) {
    return objects.stream()
        .map(object -> object.getMetadata().getNamespace())
        .collect(Collectors.toSet());
  }

  private int deleteOrphans(Map<UUID, Namespace> namespaces, Map<UUID, Sandbox> live) {
    int deleted = 0;
    for (Map.Entry<UUID, Namespace> entry : namespaces.entrySet()) {
      if (!live.containsKey(entry.getKey())
          && entry.getValue().getMetadata().getDeletionTimestamp() == null) {
        String name = entry.getValue().getMetadata().getName();
        LOG.info("Deleting namespace {}: it belongs to no live sandbox", name);
        kube.deleteNamespace(name);
        meters.counter("estran.drift.repaired", "kind", "orphan-namespace").increment();
        deleted++;
      }
    }
    return deleted;
  }

  private static Map<UUID, Namespace> bySandboxId(List<Namespace> namespaces) {
    return namespaces.stream()
        .filter(ns -> sandboxOf(ns).isPresent())
        .collect(
            Collectors.toMap(ns -> sandboxOf(ns).orElseThrow(), Function.identity(), (a, b) -> a));
  }

  private static Optional<UUID> sandboxOf(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    String id = labels == null ? null : labels.get(SandboxLabels.SANDBOX_ID);
    try {
      return Optional.ofNullable(id).map(UUID::fromString);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** What one sweep found and set in motion. */
  public record SweepReport(int vanishedNamespaces, int resumed, int restored, int orphansDeleted) {
    boolean foundAnything() {
      return vanishedNamespaces + resumed + restored + orphansDeleted > 0;
    }
  }
}
