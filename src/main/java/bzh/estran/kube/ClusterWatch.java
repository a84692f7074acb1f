package bzh.estran.kube;

import bzh.estran.kube.core.SandboxLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers (list once, then watch) on Estran-labelled namespaces and on the labelled objects of
 * the kinds Estran applies. They serve two purposes. Drift is seen within a second or so of
 * happening instead of at the next sweep: a namespace deleted or being deleted, an object deleted,
 * an object whose content ({@code spec}, {@code data}, rules, labels, annotations; never {@code
 * status}) changed; each is reported to the {@link Listener}, whoever made it (Estran's own writes
 * too: what decides whether anything is written is the comparison of the cached object with the
 * desired one, {@link #observe}, not who wrote last). And the reconciler reads the objects from
 * these caches instead of the API server. Caches hold compact content only ({@link CompactStore}).
 * Only the kinds of what Estran keeps as desired are watched ({@link #KINDS}): not a template's
 * objects, which carry no managed-by label and are the user's once written, nor Pods and Jobs,
 * whose status changes all the time (dataset loader Jobs are created once and never updated).
 */
public final class ClusterWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);
  private static final String BY_SANDBOX = "sandbox";

  /** What was seen. */
  public enum Change {
    /** Deleted, or being deleted (a namespace in Terminating). */
    DELETED,
    /** Its content changed (by anyone, Estran included). */
    CHANGED
  }

  /** One change to one object of a sandbox. */
  public record Drift(
      UUID sandbox,
      String kind,
      String namespace,
      String name,
      String resourceVersion,
      Change change) {}

  /** Told of every drift, on an informer thread: should be quick (queue the sandbox, no more). */
  public interface Listener {
    void drifted(Drift drift);
  }

  /** A sandbox's namespace as listed or watched: its name, and whether it is being deleted. */
  public record NamespaceSeen(String name, boolean terminating) {

    /** The namespace Estran labelled for a sandbox, by that sandbox's id. */
    public static Map<UUID, NamespaceSeen> bySandbox(List<Namespace> namespaces) {
      Map<UUID, NamespaceSeen> found = new java.util.HashMap<>();
      for (Namespace namespace : namespaces) {
        sandboxOf(namespace)
            .ifPresent(
                id ->
                    found.put(
                        id,
                        new NamespaceSeen(
                            namespace.getMetadata().getName(),
                            namespace.getMetadata().getDeletionTimestamp() != null)));
      }
      return found;
    }
  }

  /** What the caches say of one object. */
  public record Observation(Seen seen, Map<String, Object> content, String resourceVersion) {

    /** Whether the caches know the object to exist, to be absent, or cannot tell. */
    public enum Seen {
      /** Its kind is not watched, or the watch has not listed it yet: ask the API server. */
      UNKNOWN,
      ABSENT,
      PRESENT,
      /** Present, being deleted. */
      TERMINATING
    }

    private static final Observation UNKNOWN = new Observation(Seen.UNKNOWN, null, null);
    private static final Observation ABSENT = new Observation(Seen.ABSENT, null, null);

    /** Nothing known: ask the API server. */
    public static Observation unknown() {
      return UNKNOWN;
    }
  }

  /** A labelled object of a sandbox, as the cache knows it. */
  public record Held(
      Class<? extends HasMetadata> type, String namespace, String name, boolean owned) {}

  /**
   * The kinds watched besides namespaces: those of the objects Estran keeps as desired ({@link
   * StoredKinds#KEPT}). Not the kinds only templates use (Deployments, Services, ...): a template's
   * objects are the user's once the sandbox is READY, and a Deployment's status alone changes many
   * times.
   */
  static final List<Class<? extends HasMetadata>> KINDS = StoredKinds.KEPT;

  private final SharedIndexInformer<Namespace> namespaces;
  private final List<SharedIndexInformer<? extends HasMetadata>> objects = new ArrayList<>();

  /** Each watched kind's informer and store, by kind name ({@code ResourceQuota}). */
  private final Map<String, Watched<?>> byKind = new java.util.HashMap<>();

  private record Watched<T extends HasMetadata>(
      SharedIndexInformer<T> informer, CompactStore<T> store) {}

  private ClusterWatch(KubernetesClient client, Listener listener, MeterRegistry meters) {
    this.namespaces = inform(client, Namespace.class, listener, meters);
    for (Class<? extends HasMetadata> kind : KINDS) {
      objects.add(inform(client, kind, listener, meters));
    }
  }

  /**
   * Starts the informers in the background (starting never waits for the cluster); drifts go to
   * {@code listener} from then on, and every event received counts in {@code
   * estran_watch_events_total} ({@code kind}, {@code type}: added, updated, deleted).
   */
  public static ClusterWatch start(KubeGateway kube, Listener listener, MeterRegistry meters) {
    ClusterWatch watch = new ClusterWatch(kube.client(), listener, meters);
    watch.namespaces.start();
    watch.objects.forEach(SharedIndexInformer::start);
    return watch;
  }

  private <T extends HasMetadata> SharedIndexInformer<T> inform(
      KubernetesClient client, Class<T> kind, Listener listener, MeterRegistry meters) {
    CompactStore<T> store = new CompactStore<>(kind, client.getKubernetesSerialization());
    SharedIndexInformer<T> informer =
        (kind == Namespace.class ? client.resources(kind) : client.resources(kind).inAnyNamespace())
            .withLabel(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGED_BY_VALUE)
            .runnableInformer(0);
    informer.itemStore(store);
    informer.addIndexers(
        Map.<String, Function<T, List<String>>>of(
            BY_SANDBOX,
            object -> {
              Map<String, String> labels = object.getMetadata().getLabels();
              String id = labels == null ? null : labels.get(SandboxLabels.SANDBOX_ID);
              return id == null ? List.of() : List.of(id);
            }));
    informer.exceptionHandler(
        (started, failure) -> {
          LOG.debug("Watch of {} failed, retrying: {}", kind.getSimpleName(), failure.toString());
          return true;
        });
    informer.addEventHandler(new Handler<>(kind, store, listener, meters));
    byKind.put(HasMetadata.getKind(kind), new Watched<>(informer, store));
    return informer;
  }

  /** How many kinds are watched besides namespaces. */
  public static int watchedKinds() {
    return KINDS.size();
  }

  /** Whether every informer has listed once (its cache reflects the cluster). */
  public boolean synced() {
    return namespaces.hasSynced() && objects.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /**
   * The Estran-labelled namespaces by sandbox id, with whether each is being deleted; empty until
   * the first list has come.
   */
  public Optional<Map<UUID, NamespaceSeen>> namespacesBySandbox() {
    if (!namespaces.hasSynced()) {
      return Optional.empty();
    }
    return Optional.of(NamespaceSeen.bySandbox(namespaces.getStore().list()));
  }

  /** The labelled objects of one sandbox the caches hold (namespaces excepted). */
  public List<Held> objectsOf(UUID sandbox) {
    List<Held> held = new ArrayList<>();
    for (SharedIndexInformer<? extends HasMetadata> informer : objects) {
      for (HasMetadata object : informer.getIndexer().byIndex(BY_SANDBOX, sandbox.toString())) {
        held.add(
            new Held(
                informer.getApiTypeClass(),
                object.getMetadata().getNamespace(),
                object.getMetadata().getName(),
                object.getMetadata().getOwnerReferences() != null
                    && !object.getMetadata().getOwnerReferences().isEmpty()));
      }
    }
    return held;
  }

  /**
   * The object of that kind and name as the caches hold it (no request), or {@link
   * Observation.Seen#UNKNOWN} when its kind is not watched or not listed yet. The caches hold only
   * Estran-labelled objects: an unlabelled one is absent here.
   */
  public Observation observe(String kind, String namespace, String name) {
    Watched<?> watched = byKind.get(kind);
    if (watched == null || !watched.informer().hasSynced()) {
      return Observation.UNKNOWN;
    }
    return watched
        .store()
        .content(namespace == null ? name : namespace + "/" + name)
        .map(
            held ->
                new Observation(
                    held.terminating() ? Observation.Seen.TERMINATING : Observation.Seen.PRESENT,
                    held.content(),
                    held.resourceVersion()))
        .orElse(Observation.ABSENT);
  }

  static Optional<UUID> sandboxOf(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    String id = labels == null ? null : labels.get(SandboxLabels.SANDBOX_ID);
    try {
      return Optional.ofNullable(id).map(UUID::fromString);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether a namespace is gone or terminating, as far as the cache knows. */
  private boolean namespaceGoing(String name) {
    Namespace namespace = namespaces.getStore().getByKey(name);
    return namespace == null || namespace.getMetadata().getDeletionTimestamp() != null;
  }

  @Override
  public void close() {
    namespaces.stop();
    objects.forEach(SharedIndexInformer::stop);
  }

  private final class Handler<T extends HasMetadata> implements ResourceEventHandler<T> {
    private final Class<T> kind;
    private final CompactStore<T> store;
    private final Listener listener;
    private final Counter added;
    private final Counter updated;
    private final Counter deleted;

    Handler(Class<T> kind, CompactStore<T> store, Listener listener, MeterRegistry meters) {
      this.kind = kind;
      this.store = store;
      this.listener = listener;
      this.added = events(meters, kind, "added");
      this.updated = events(meters, kind, "updated");
      this.deleted = events(meters, kind, "deleted");
    }

    private static Counter events(
        MeterRegistry meters, Class<? extends HasMetadata> kind, String type) {
      return Counter.builder("estran.watch.events")
          .description("Objects the cluster watch received (listed or watched), by kind and type")
          .tag("kind", HasMetadata.getKind(kind))
          .tag("type", type)
          .register(meters);
    }

    @Override
    public void onAdd(T object) {
      added.increment();
      // appearing is not drift: Estran made it, or the sweep deletes orphan namespaces
    }

    @Override
    public void onUpdate(T before, T after) {
      updated.increment();
      if (Objects.equals(
          before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
        return; // a relist that found it unchanged
      }
      boolean terminating =
          after.getMetadata().getDeletionTimestamp() != null
              && before.getMetadata().getDeletionTimestamp() == null;
      if (terminating) {
        report(after, Change.DELETED);
      } else if (CompactStore.contentHashOf(before) != store.contentHash(after)) {
        report(after, Change.CHANGED);
      }
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
      deleted.increment();
      if (kind != Namespace.class && namespaceGoing(object.getMetadata().getNamespace())) {
        return; // emptied with its namespace, whose own event says so
      }
      report(object, Change.DELETED);
    }

    private void report(T object, Change change) {
      sandboxOf(object)
          .ifPresent(
              id ->
                  listener.drifted(
                      new Drift(
                          id,
                          kind.getSimpleName(),
                          object.getMetadata().getNamespace(),
                          object.getMetadata().getName(),
                          object.getMetadata().getResourceVersion(),
                          change)));
    }
  }
}
