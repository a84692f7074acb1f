package bzh.estran.kube;

import bzh.estran.kube.core.SandboxLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import tools.jackson.core.type.TypeReference;

/**
 * An informer's store that keeps, per object, what drift detection and the comparison with the
 * desired object need, and no more: name, namespace, resource version, sandbox id, whether it is
 * being deleted or owned by another object, and its content as compact JSON: every top-level field
 * but {@code status}, and of {@code metadata} only labels and annotations (less those controllers
 * and kubectl write: a Deployment's revision, a claim's binding, kubectl's last applied
 * configuration). A few hundred bytes per object, where Fabric8's own cache of full objects
 * (managed fields, status) would take several times that. {@link #get} and the other readers give
 * back a stub of the kind carrying the identifying fields and the content's hash as the {@value
 * #CONTENT_HASH} annotation; {@link #content} gives the content itself.
 */
final class CompactStore<T extends HasMetadata> implements ItemStore<T> {

  /** Annotation of the stubs this store returns: the hash of the object's content. */
  static final String CONTENT_HASH = "estran.bzh/content-hash";

  /** Annotations others write on Estran's objects; left out of the content. */
  private static final Set<String> FOREIGN_ANNOTATIONS =
      Set.of(
          "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision");

  private static final List<String> FOREIGN_ANNOTATION_PREFIXES =
      List.of(
          "pv.kubernetes.io/",
          "volume.kubernetes.io/",
          "volume.beta.kubernetes.io/",
          "control-plane.alpha.kubernetes.io/");

  private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() {};

  private record Entry(
      String resourceVersion,
      String sandboxId,
      String deletionTimestamp,
      boolean owned,
      byte[] content,
      int contentHash) {}

  private final Class<T> type;
  private final KubernetesSerialization serialization;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  CompactStore(Class<T> type, KubernetesSerialization serialization) {
    this.type = type;
    this.serialization = serialization;
  }

  /** An object's content as this store keeps it (JSON, UTF-8). */
  @SuppressWarnings("unchecked")
  byte[] contentOf(T object) {
    Map<String, Object> tree = new LinkedHashMap<>(serialization.convertValue(object, Map.class));
    tree.remove("status");
    tree.remove("apiVersion");
    tree.remove("kind");
    ObjectMeta meta = object.getMetadata();
    Map<String, Object> kept = new LinkedHashMap<>();
    if (meta.getLabels() != null && !meta.getLabels().isEmpty()) {
      kept.put("labels", meta.getLabels());
    }
    if (meta.getAnnotations() != null) {
      Map<String, String> annotations = new TreeMap<>();
      meta.getAnnotations()
          .forEach(
              (key, value) -> {
                if (!FOREIGN_ANNOTATIONS.contains(key)
                    && FOREIGN_ANNOTATION_PREFIXES.stream().noneMatch(key::startsWith)) {
                  annotations.put(key, value);
                }
              });
      if (!annotations.isEmpty()) {
        kept.put("annotations", annotations);
      }
    }
    tree.put("metadata", kept);
    return serialization.asJson(tree).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The hash of an object's content, as the stubs carry it. When the store holds the object at the
   * same resource version (the informer has just put it: it tells its handlers after), the hash
   * computed then is taken, not computed again.
   */
  int contentHash(T object) {
    Entry held = heldAt(getKey(object), object.getMetadata().getResourceVersion());
    return held != null ? held.contentHash() : Arrays.hashCode(contentOf(object));
  }

  /** The entry under {@code key} if it is of this resource version, else null. */
  private Entry heldAt(String key, String resourceVersion) {
    Entry held = entries.get(key);
    return held != null
            && held.resourceVersion() != null
            && held.resourceVersion().equals(resourceVersion)
        ? held
        : null;
  }

  /** The content hash a stub from this store carries, or 0 for a full object. */
  static int contentHashOf(HasMetadata stub) {
    Map<String, String> annotations = stub.getMetadata().getAnnotations();
    String hash = annotations == null ? null : annotations.get(CONTENT_HASH);
    return hash == null ? 0 : Integer.parseInt(hash);
  }

  /**
   * The content of the object under {@code key} ({@code namespace/name}, or {@code name}) as a JSON
   * tree, with whether it is being deleted; empty when the store does not hold it.
   */
  Optional<Held> content(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Held(
            serialization.unmarshal(new String(entry.content(), StandardCharsets.UTF_8), TREE),
            entry.resourceVersion(),
            entry.deletionTimestamp() != null));
  }

  /** What {@link #content} gives. */
  record Held(Map<String, Object> content, String resourceVersion, boolean terminating) {}

  @Override
  public String getKey(T object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  @Override
  public T put(String key, T object) {
    ObjectMeta meta = object.getMetadata();
    Entry held = heldAt(key, meta.getResourceVersion());
    if (held != null) {
      return restore(key, held); // a relist or resync: the same version, nothing to recompute
    }
    Map<String, String> labels = meta.getLabels();
    byte[] content = contentOf(object);
    Entry entry =
        new Entry(
            meta.getResourceVersion(),
            labels == null ? null : labels.get(SandboxLabels.SANDBOX_ID),
            meta.getDeletionTimestamp(),
            meta.getOwnerReferences() != null && !meta.getOwnerReferences().isEmpty(),
            content,
            Arrays.hashCode(content));
    return restore(key, entries.put(key, entry));
  }

  @Override
  public T remove(String key) {
    return restore(key, entries.remove(key));
  }

  @Override
  public Stream<String> keySet() {
    return entries.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return entries.entrySet().stream().map(e -> restore(e.getKey(), e.getValue()));
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public T get(String key) {
    return restore(key, entries.get(key));
  }

  @Override
  public boolean isFullState() {
    return false;
  }

  private T restore(String key, Entry entry) {
    if (entry == null) {
      return null;
    }
    T stub;
    try {
      stub = type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make a " + type.getSimpleName(), e);
    }
    int slash = key.indexOf('/');
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(slash < 0 ? null : key.substring(0, slash));
    meta.setName(slash < 0 ? key : key.substring(slash + 1));
    meta.setResourceVersion(entry.resourceVersion());
    meta.setDeletionTimestamp(entry.deletionTimestamp());
    Map<String, String> labels = new HashMap<>();
    labels.put(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGED_BY_VALUE);
    if (entry.sandboxId() != null) {
      labels.put(SandboxLabels.SANDBOX_ID, entry.sandboxId());
    }
    meta.setLabels(labels);
    meta.setAnnotations(new HashMap<>(Map.of(CONTENT_HASH, Integer.toString(entry.contentHash()))));
    if (entry.owned()) {
      meta.setOwnerReferences(List.of(new io.fabric8.kubernetes.api.model.OwnerReference()));
    }
    stub.setMetadata(meta);
    return stub;
  }
}
