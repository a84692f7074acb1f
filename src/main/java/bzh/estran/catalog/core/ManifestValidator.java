package bzh.estran.catalog.core;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Checks one manifest file: its variables, then each document once substituted with sample values
 * (YAML syntax, required fields, kind, namespace, and that it reads as a Kubernetes object).
 */
final class ManifestValidator {

  private static final String NAMESPACE_REFERENCE = "${NAMESPACE}";

  private final Yaml yaml;

  ManifestValidator(Yaml yaml) {
    this.yaml = yaml;
  }

  void validate(ManifestTemplate manifest, TemplateVariables sample) {
    Placeholders.checkAllowed(manifest.file(), manifest.text());
    Map<String, String> sampleValues = sample.asMap();
    for (ManifestDocument raw : ManifestDocuments.split(manifest)) {
      ManifestDocument document =
          new ManifestDocument(
              raw.file(), raw.firstLine(), Placeholders.substitute(raw.text(), sampleValues));
      validateDocument(raw, document, sample.namespace());
    }
  }

  private void validateDocument(
      ManifestDocument raw, ManifestDocument document, String sampleNamespace) {
    JsonNode tree = yaml.parse(document);
    if (!tree.isObject()) {
      throw new TemplateException(
          document.file(),
          document.firstLine(),
          "a manifest document must be a mapping with apiVersion, kind and metadata.name");
    }
    Map<String, Integer> lines = yaml.keyLines(document, 2);
    String apiVersion = requiredText(document, tree, lines, "apiVersion");
    String kind = requiredText(document, tree, lines, "kind");
    KindPolicy.refusal(apiVersion, kind)
        .ifPresent(
            reason -> {
              throw new TemplateException(
                  document.file(), lines.getOrDefault("kind", document.firstLine()), reason);
            });
    requiredText(document, tree, lines, "metadata.name");
    checkNamespace(raw, tree, lines, sampleNamespace);
    try {
      yaml.mapper().readValue(document.text(), GenericKubernetesResource.class);
    } catch (JacksonException e) {
      throw Yaml.located(document, "not a Kubernetes object: ", e);
    }
  }

  private static String requiredText(
      ManifestDocument document, JsonNode tree, Map<String, Integer> lines, String path) {
    JsonNode node = tree.at("/" + path.replace('.', '/'));
    if (node.isMissingNode() || node.isNull()) {
      int line =
          path.startsWith("metadata.")
              ? lines.getOrDefault("metadata", document.firstLine())
              : document.firstLine();
      throw new TemplateException(document.file(), line, "missing " + path);
    }
    if (!node.isString() || node.stringValue().isBlank()) {
      throw new TemplateException(
          document.file(),
          lines.getOrDefault(path, document.firstLine()),
          path + " must be a non-blank string");
    }
    return node.stringValue();
  }

  /**
   * A namespace, if written at all, must be exactly {@code ${NAMESPACE}}: the substituted value
   * must be the sample namespace and the raw line must hold the reference.
   */
  private static void checkNamespace(
      ManifestDocument raw, JsonNode tree, Map<String, Integer> lines, String sampleNamespace) {
    JsonNode namespace = tree.path("metadata").path("namespace");
    if (namespace.isMissingNode()) {
      return;
    }
    int line = lines.get("metadata.namespace");
    String rawLine = raw.text().lines().skip(line - raw.firstLine()).findFirst().orElse("");
    if (!sampleNamespace.equals(namespace.asString()) || !rawLine.contains(NAMESPACE_REFERENCE)) {
      throw new TemplateException(
          raw.file(),
          line,
          "metadata.namespace must be "
              + NAMESPACE_REFERENCE
              + " (or left out), not a fixed namespace");
    }
  }
}
