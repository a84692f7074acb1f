package bzh.estran.kube.core;

import bzh.estran.sandbox.core.Sandbox;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Places a template's objects in a sandbox: copies them, sets the namespace, adds the labels. */
final class TemplateObjects {

  /** Immutable (Jackson 3 mappers are), so safe to share. Used only to deep-copy objects. */
  private static final JsonMapper COPIER = JsonMapper.builder().build();

  private TemplateObjects() {}

  /**
   * Copies of the objects in the sandbox's namespace, with Estran's labels merged over their own
   * (Estran's win, so that a template cannot pose as another sandbox). The inputs are untouched, so
   * parsed templates can be shared between sandboxes.
   */
  static List<HasMetadata> placeIn(Sandbox sandbox, List<? extends HasMetadata> objects) {
    String namespace = SandboxNames.namespaceOf(sandbox);
    Map<String, String> estranLabels = SandboxLabels.of(sandbox);
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
    labels.putAll(estranLabels);
    metadata.setLabels(labels);
    metadata.setNamespace(namespace);
    copy.setMetadata(metadata);
    return copy;
  }
}
