package bzh.estran.catalog.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

  private static final String SETTINGS =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
        labels:
          app.kubernetes.io/instance: ${SANDBOX_NAME}
      data:
        owner: ${OWNER}
        expires: "${EXPIRES_AT}"
        memory: ${MEMORY_GIB}Gi
      ---
      # second document, namespace written out
      apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: ${TEMPLATE}-runner
        namespace: ${NAMESPACE}
      """;

  private static final String SECRET =
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: ids
      stringData:
        sandbox: ${SANDBOX_ID}
        institution: ${INSTITUTION}
        cpu: "${CPU}"
      """;

  private final TemplateRenderer renderer = new TemplateRenderer();
  private final Template template =
      new Template(
          "demo",
          "For tests.",
          Size.of("0.5", "1.5", "5"),
          Duration.ofHours(1),
          Duration.ofHours(2),
          List.of(
              new ManifestTemplate("demo/a.yaml", SETTINGS),
              new ManifestTemplate("demo/b.yaml", SECRET)));

  private static TemplateVariables variables(String name, String namespace) {
    return new TemplateVariables(
        UUID.fromString("7d8f6b1e-3c2a-4e5f-9a0b-1c2d3e4f5a6b"),
        name,
        namespace,
        "ana@univ-ubs.fr",
        "ubs",
        "demo",
        Size.of("0.5", "1.5", "5"),
        Instant.parse("2031-03-04T17:00:00Z"));
  }

  @Test
  void rendersEveryDocumentInOrderWithTheValuesSubstituted() {
    List<GenericKubernetesResource> objects =
        renderer.render(template, variables("lab-1", "estran-lab-1"));

    assertThat(objects)
        .extracting(object -> object.getKind() + "/" + object.getMetadata().getName())
        .containsExactly("ConfigMap/settings", "ServiceAccount/demo-runner", "Secret/ids");
    GenericKubernetesResource settings = objects.get(0);
    assertThat(settings.getMetadata().getLabels())
        .containsExactly(Map.entry("app.kubernetes.io/instance", "lab-1"));
    Map<String, Object> data = settings.get("data");
    assertThat(data)
        .containsExactly(
            Map.entry("owner", "ana@univ-ubs.fr"),
            Map.entry("expires", "2031-03-04T17:00:00Z"),
            Map.entry("memory", "1.5Gi"));
    Map<String, Object> stringData = objects.get(2).get("stringData");
    assertThat(stringData)
        .containsExactly(
            Map.entry("sandbox", "7d8f6b1e-3c2a-4e5f-9a0b-1c2d3e4f5a6b"),
            Map.entry("institution", "ubs"),
            Map.entry("cpu", "0.5"));
  }

  @Test
  void placesEveryObjectInTheSandboxNamespace() {
    assertThat(renderer.render(template, variables("lab-1", "estran-lab-1")))
        .extracting(object -> object.getMetadata().getNamespace())
        .containsExactly("estran-lab-1", "estran-lab-1", "estran-lab-1");
  }

  @Test
  void rendersEachSandboxWithItsOwnValues() {
    renderer.render(template, variables("lab-1", "estran-lab-1"));

    List<GenericKubernetesResource> second =
        renderer.render(template, variables("lab-2", "estran-lab-2"));

    assertThat(second.get(0).getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/instance", "lab-2");
    assertThat(second.get(1).getMetadata().getNamespace()).isEqualTo("estran-lab-2");
  }

  @Test
  void refusesAMissingValue() {
    Map<String, String> values = new HashMap<>(variables("lab-1", "estran-lab-1").asMap());
    values.remove("OWNER");

    assertThatThrownBy(() -> renderer.render(template, values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no value for ${OWNER}");
  }

  @Test
  void refusesAValueSpanningLines() {
    Map<String, String> values = new HashMap<>(variables("lab-1", "estran-lab-1").asMap());
    values.put("OWNER", "ana\nkind: Namespace");

    assertThatThrownBy(() -> renderer.render(template, values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the value of ${OWNER} spans several lines");
  }

  @Test
  void reportsAValueThatBreaksTheYamlAtItsFileLine() {
    Map<String, String> values = new HashMap<>(variables("lab-1", "estran-lab-1").asMap());
    values.put("OWNER", "[unclosed");

    assertThatThrownBy(() -> renderer.render(template, values))
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith("demo/a.yaml:9: cannot render with the given values: ");
  }
}
