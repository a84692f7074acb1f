package bzh.estran.catalog.core;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;

/**
 * Stamps a template's manifests for one sandbox: substitutes the variables and reads every document
 * as a Kubernetes object placed in the sandbox's namespace.
 *
 * <p>Each manifest is split into documents once and remembered, so rendering costs one substitution
 * and one parse per document. Thread-safe.
 */
public final class TemplateRenderer {

  private final Yaml yaml = new Yaml();
  private final Map<ManifestTemplate, List<ManifestDocument>> documents = new ConcurrentHashMap<>();

  /** Renders with the values of {@code variables}; see {@link #render(Template, Map)}. */
  public List<GenericKubernetesResource> render(Template template, TemplateVariables variables) {
    return render(template, variables.asMap());
  }

  /**
   * Renders every document of every manifest of {@code template}, in order.
   *
   * @param values a value for each variable the manifests use, {@code NAMESPACE} included; values
   *     are substituted as they are and must not span lines
   * @return new mutable objects, each with {@code metadata.namespace} set to {@code NAMESPACE}
   * @throws IllegalArgumentException if a value is missing or spans lines
   * @throws TemplateException if a document is no longer a Kubernetes object once substituted
   */
  public List<GenericKubernetesResource> render(Template template, Map<String, String> values) {
    String namespace = values.get("NAMESPACE");
    if (namespace == null) {
      throw new IllegalArgumentException("no value for ${NAMESPACE}");
    }
    values.forEach(TemplateRenderer::requireSingleLine);
    List<GenericKubernetesResource> objects = new ArrayList<>();
    for (ManifestTemplate manifest : template.manifests()) {
      for (ManifestDocument document :
          documents.computeIfAbsent(manifest, ManifestDocuments::split)) {
        GenericKubernetesResource object = read(document, values);
        if (object.getMetadata() == null) {
          object.setMetadata(new ObjectMeta());
        }
        object.getMetadata().setNamespace(namespace);
        objects.add(object);
      }
    }
    return objects;
  }

  private GenericKubernetesResource read(ManifestDocument document, Map<String, String> values) {
    ManifestDocument rendered =
        new ManifestDocument(
            document.file(),
            document.firstLine(),
            Placeholders.substitute(document.text(), values));
    try {
      return yaml.mapper().readValue(rendered.text(), GenericKubernetesResource.class);
    } catch (JacksonException e) {
      throw Yaml.located(rendered, "cannot render with the given values: ", e);
    }
  }

  private static void requireSingleLine(String name, String value) {
    if (value.contains("\n") || value.contains("\r")) {
      throw new IllegalArgumentException("the value of ${" + name + "} spans several lines");
    }
  }
}
