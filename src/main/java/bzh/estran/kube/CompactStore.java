package bzh.estran.kube;

import bzh.estran.kube.core.SandboxLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An informer's store that keeps, per object, only what drift detection needs: name, namespace,
 * resource version, sandbox id, whether it is being deleted or owned by another object, and a hash
 * of its desired content ({@code spec}, {@code data}, {@code rules}, {@code subjects}, {@code
 * roleRef}, labels), never {@code status}. About a hundred bytes per object, where a full cache of
 * 10,000 sandboxes' objects would take hundreds of megabytes. What it gives back is a stub of the
 * kind carrying those fields, the hash as the {@value #CONTENT_HASH} annotation.
 */
final class CompactStore<T extends HasMetadata> implements ItemStore<T> {

  /** Annotation of the stubs this store returns: the hash of the object's desired content. */
  static final String CONTENT_HASH = "estran.bzh/content-hash";

  private static final List<String> CONTENT_GETTERS =
      List.of("getSpec", "getData", "getStringData", "getRules", "getSubjects", "getRoleRef");

  private record Entry(
      String resourceVersion,
      String sandboxId,
      String deletionTimestamp,
      boolean owned,
      int contentHash) {}

  private final Class<T> type;
  private final List<Method> content;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  CompactStore(Class<T> type) {
    this.type = type;
    List<Method> getters = new ArrayList<>();
    for (String name : CONTENT_GETTERS) {
      try {
        getters.add(type.getMethod(name));
      } catch (NoSuchMethodException absent) {
        // this kind has no such part
      }
    }
    this.content = List.copyOf(getters);
  }

  /** The hash of an object's desired content, as the stubs carry it. */
  int contentHash(T object) {
    int hash = Objects.hashCode(object.getMetadata().getLabels());
    for (Method getter : content) {
      try {
        hash = 31 * hash + Objects.hashCode(getter.invoke(object));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + getter, e);
      }
    }
    return hash;
  }

  /** The content hash a stub from this store carries, or 0 for a full object. */
  static int contentHashOf(HasMetadata stub) {
    Map<String, String> annotations = stub.getMetadata().getAnnotations();
    String hash = annotations == null ? null : annotations.get(CONTENT_HASH);
    return hash == null ? 0 : Integer.parseInt(hash);
  }

  @Override
  public String getKey(T object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  @Override
  public T put(String key, T object) {
    ObjectMeta meta = object.getMetadata();
    Map<String, String> labels = meta.getLabels();
    Entry entry =
        new Entry(
            meta.getResourceVersion(),
            labels == null ? null : labels.get(SandboxLabels.SANDBOX_ID),
            meta.getDeletionTimestamp(),
            meta.getOwnerReferences() != null && !meta.getOwnerReferences().isEmpty(),
            contentHash(object));
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
