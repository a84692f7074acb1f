package bzh.estran.sandbox;

import bzh.estran.kube.ClusterWatch;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the cluster watch drops what it saw: the drifts of each sandbox wait here until its next
 * {@link SandboxReconciler#reconcile}, which is queued at once. Also the reconciler's view of what
 * the watch caches hold of a sandbox (to delete what is no longer desired).
 */
public final class DriftInbox implements ClusterWatch.Listener {

  /** Drifts kept per sandbox; more are dropped (the reconcile restores everything anyway). */
  private static final int MAX_PER_SANDBOX = 32;

  private final ConcurrentHashMap<UUID, List<ClusterWatch.Drift>> pending =
      new ConcurrentHashMap<>();
  private final ReconcileQueue queue;
  private volatile ClusterWatch watch;

  public DriftInbox(ReconcileQueue queue) {
    this.queue = queue;
  }

  /** Connects the watch whose caches {@link #held} reads (the watch reports here). */
  public void attach(ClusterWatch watch) {
    this.watch = watch;
  }

  @Override
  public void drifted(ClusterWatch.Drift drift) {
    pending.compute(
        drift.sandbox(),
        (id, drifts) -> {
          List<ClusterWatch.Drift> list = drifts == null ? new ArrayList<>() : drifts;
          if (list.size() < MAX_PER_SANDBOX) {
            list.add(drift);
          }
          return list;
        });
    queue.submit(drift.sandbox());
  }

  /** The drifts seen for the sandbox since the last call, oldest first. */
  List<ClusterWatch.Drift> drain(UUID sandbox) {
    List<ClusterWatch.Drift> drifts = pending.remove(sandbox);
    return drifts == null ? List.of() : List.copyOf(drifts);
  }

  /** The sandbox's labelled objects the watch caches hold (none before the watch is attached). */
  List<ClusterWatch.Held> held(UUID sandbox) {
    ClusterWatch current = watch;
    return current == null ? List.of() : current.objectsOf(sandbox);
  }
}
