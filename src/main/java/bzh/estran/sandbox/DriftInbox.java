package bzh.estran.sandbox;

import bzh.estran.kube.ClusterWatch;
import java.util.List;
import java.util.UUID;

/**
 * Between the cluster watch and the reconciler: each change the watch reports queues its sandbox's
 * {@link SandboxReconciler#reconcile} (a sandbox already waiting is not queued twice), and the
 * reconciler reads what the watch's caches hold of a sandbox here: its objects, to compare them
 * with the desired ones and to delete those no longer desired.
 */
public final class DriftInbox implements ClusterWatch.Listener {

  private final ReconcileQueue queue;
  private volatile ClusterWatch watch;

  public DriftInbox(ReconcileQueue queue) {
    this.queue = queue;
  }

  /** Connects the watch whose caches {@link #held} and {@link #observe} read. */
  public void attach(ClusterWatch watch) {
    this.watch = watch;
  }

  @Override
  public void drifted(ClusterWatch.Drift drift) {
    queue.submit(drift.sandbox());
  }

  /** The sandbox's labelled objects the watch caches hold (none before the watch is attached). */
  List<ClusterWatch.Held> held(UUID sandbox) {
    ClusterWatch current = watch;
    return current == null ? List.of() : current.objectsOf(sandbox);
  }

  /** One object as the watch's caches hold it (unknown before the watch is attached). */
  ClusterWatch.Observation observe(String kind, String namespace, String name) {
    ClusterWatch current = watch;
    return current == null
        ? ClusterWatch.Observation.unknown()
        : current.observe(kind, namespace, name);
  }
}
