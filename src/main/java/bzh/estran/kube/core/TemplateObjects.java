package bzh.estran.kube.core;

import bzh.estran.sandbox.core.Sandbox;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Places a template's objects in a sandbox: copies them, sets the namespace, adds the sandbox's
 * labels. They are the sandbox's <em>seeds</em>: written while it is provisioned, then the user's
 * to change or delete. So they do not carry {@code app.kubernetes.io/managed-by: estran}, the label
 * that makes the cluster watch follow an object and the reconciler keep it as desired.
 */
final class TemplateObjects {

  /** Immutable (Jackson 3 mappers are), so safe to share. Used only to deep-copy objects. */
  private static final JsonMapper COPIER = JsonMapper.builder().build();

  private TemplateObjects() {}

  /**
   * Copies of the objects in the sandbox's namespace, with the sandbox's id and institution merged
   * over their own labels (those win, so that a template cannot pose as another sandbox) and
   * without {@code app.kubernetes.io/managed-by: estran} (so that a template cannot pose as
   * Estran's own objects either; another value of that label is the template's to set). The inputs
   * are untouched, so parsed templates can be shared between sandboxes.
   */
  static List<HasMetadata> placeIn(Sandbox sandbox, List<? extends HasMetadata> objects) {
    String namespace = SandboxNames.namespaceOf(sandbox);
    Map<String, String> estranLabels = new LinkedHashMap<>(SandboxLabels.of(sandbox));
    estranLabels.remove(SandboxLabels.MANAGED_BY);
    return objects.stream().map(object -> place(object, namespace, estranLabels)).toList();
  }

  private static HasMetadata place(
      HasMetadata original, String namespace, Map<String, String> estranLabels) {
    HasMetadata copy = COPIER.convertValue(original, original.getClass());
    ObjectMeta metadata = copy.getMetadata() == null ? new ObjectMeta() : copy.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>();
    if (metadata.getLabels() != null) {
      labels.putAll(metadata.getLabels());
    }
    if (SandboxLabels.isManagedByEstran(labels)) {
      labels.remove(SandboxLabels.MANAGED_BY);
    }
    labels.putAll(estranLabels);
    metadata.setLabels(labels);
    metadata.setNamespace(namespace);
    copy.setMetadata(metadata);
    return copy;
  }
}
