package bzh.estran.sandbox;

import bzh.estran.kube.ClusterWatch;
import bzh.estran.kube.KubeGateway;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxState;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic safety net behind the cluster watch: it only compares namespaces with the database
 * and queues sandbox ids; {@link SandboxReconciler#reconcile} does every repair. It queues a live
 * sandbox whose namespace is missing or terminating, provisioning or deletion left half-done (by a
 * crash, a restart or another replica that died), and, once at start and then every {@code resync},
 * every {@code READY} sandbox (so that drift that happened while Estran was not watching is
 * converged too); it deletes Estran namespaces that belong to no live sandbox. Namespaces come from
 * the watch's cache once it has listed them (no request), else from one list.
 */
public final class Sweeper {

  private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

  private final Jdbi jdbi;
  private final KubeGateway kube;
  private final Supplier<Optional<Map<UUID, ClusterWatch.NamespaceSeen>>> watched;
  private final Consumer<UUID> queue;
  private final Clock clock;
  private final MeterRegistry meters;
  private final Duration resync;
  private Instant lastResync;

  /**
   * @param watched the namespaces the watch's cache holds, by sandbox id, with whether each is
   *     terminating; empty while the watch has not listed them yet
   * @param queue queues a sandbox for {@link SandboxReconciler#reconcile} ({@link
   *     ReconcileQueue#submit})
   * @param resync how often every READY sandbox is queued, the first time one interval after the
   *     start (not at start: every replica would then apply everything again on each restart)
   */
  public Sweeper(
      Jdbi jdbi,
      KubeGateway kube,
      Supplier<Optional<Map<UUID, ClusterWatch.NamespaceSeen>>> watched,
      Consumer<UUID> queue,
      Duration resync,
      Clock clock,
      MeterRegistry meters) {
    this.jdbi = jdbi;
    this.kube = kube;
    this.watched = watched;
    this.queue = queue;
    this.resync = resync;
    this.clock = clock;
    this.meters = meters;
    this.lastResync = clock.instant();
  }

  private record Live(UUID id, SandboxState state, String namespace) {}

  /** One pass; returns what it found. Cluster state is read before the database, never after. */
  public synchronized SweepReport sweep() {
    Optional<Map<UUID, ClusterWatch.NamespaceSeen>> cached = watched.get();
    Map<UUID, ClusterWatch.NamespaceSeen> namespaces = cached.orElseGet(this::listNamespaces);
    Instant now = clock.instant();
    Map<UUID, Live> live = new HashMap<>();
    jdbi.useHandle(
        handle ->
            handle
                .createQuery(
                    "select id, state, namespace from sandboxes"
                        + " where state in ('PROVISIONING', 'READY', 'DELETING')")
                .map(
                    (rs, ctx) ->
                        new Live(
                            rs.getObject("id", UUID.class),
                            SandboxState.valueOf(rs.getString("state")),
                            rs.getString("namespace")))
                .forEach(row -> live.put(row.id(), row)));

    boolean resyncDue = !now.isBefore(lastResync.plus(resync));
    int vanished = 0;
    int resynced = 0;
    for (Live sandbox : live.values()) {
      if (sandbox.state() != SandboxState.READY) {
        continue;
      }
      ClusterWatch.NamespaceSeen namespace = namespaces.get(sandbox.id());
      boolean missing = namespace == null || namespace.terminating();
      if (missing && cached.isPresent()) {
        // a cache behind a broken watch: one read says whether it is really gone
        missing =
            kube.namespace(sandbox.namespace())
                .map(ns -> ns.getMetadata().getDeletionTimestamp() != null)
                .orElse(true);
      }
      if (missing) {
        queue.accept(sandbox.id());
        vanished++;
      } else if (resyncDue) {
        queue.accept(sandbox.id());
        resynced++;
      }
    }
    if (resyncDue) {
      lastResync = now;
    }
    int unattended = 0;
    for (Sandbox sandbox : jdbi.onDemand(SandboxDao.class).findUnattended(now)) {
      queue.accept(sandbox.id());
      unattended++;
    }
    int orphans = 0;
    for (Map.Entry<UUID, ClusterWatch.NamespaceSeen> namespace : namespaces.entrySet()) {
      if (!live.containsKey(namespace.getKey()) && !namespace.getValue().terminating()) {
        String name = namespace.getValue().name();
        LOG.info("Deleting namespace {}: it belongs to no live sandbox", name);
        kube.deleteNamespace(name);
        meters.counter("estran.drift.repaired", "kind", "orphan-namespace").increment();
        orphans++;
      }
    }
    SweepReport report = new SweepReport(live.size(), vanished, unattended, resynced, orphans);
    if (report.foundAnything()) {
      LOG.info("Sweep: {}", report);
    }
    return report;
  }

  private Map<UUID, ClusterWatch.NamespaceSeen> listNamespaces() {
    return ClusterWatch.NamespaceSeen.bySandbox(kube.managedNamespaces());
  }

  /** What one sweep found and queued. */
  public record SweepReport(
      int live, int vanishedNamespaces, int resumed, int resynced, int orphansDeleted) {
    boolean foundAnything() {
      return vanishedNamespaces + resumed + resynced + orphansDeleted > 0;
    }
  }
}
