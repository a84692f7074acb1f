package bzh.estran.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import bzh.estran.catalog.core.Catalog;
import bzh.estran.catalog.core.ManifestTemplate;
import bzh.estran.catalog.core.Size;
import bzh.estran.catalog.core.Template;
import bzh.estran.catalog.core.TemplateRenderer;
import bzh.estran.catalog.core.TemplateValidator;
import bzh.estran.catalog.core.TemplateVariables;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The templates shipped in {@code templates/}: they load, and what they create is well-behaved. */
class RealTemplatesTest {

  private static final BigDecimal GIB = BigDecimal.valueOf(1024L * 1024 * 1024);

  private final Catalog catalog =
      new TemplateLoader(new TemplateValidator()).load(Path.of("templates"));
  private final TemplateRenderer renderer = new TemplateRenderer();
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void shipsTheThreeTemplatesWithTheirSizesAndDurations() {
    assertThat(catalog.templates())
        .extracting(
            Template::name, Template::size, Template::defaultDuration, Template::maxDuration)
        .containsExactly(
            tuple("data-lab", Size.of("2", "8", "20"), Duration.ofHours(4), Duration.ofDays(3)),
            tuple("starter", Size.of("1", "2", "5"), Duration.ofHours(8), Duration.ofDays(7)),
            tuple("web-app", Size.of("2", "4", "10"), Duration.ofHours(8), Duration.ofDays(14)));
  }

  @Test
  void eachTemplateRendersItsObjects() {
    assertThat(kindsAndNames("starter")).containsExactly("ConfigMap/welcome");
    assertThat(kindsAndNames("web-app")).containsExactly("Deployment/web", "Service/web");
    assertThat(kindsAndNames("data-lab"))
        .containsExactly("PersistentVolumeClaim/work", "Deployment/notebook", "Service/notebook");
  }

  @Test
  void manifestFilesAreNamedRelativeToTheTemplatesRoot() {
    assertThat(catalog.find("web-app").orElseThrow().manifests())
        .extracting(ManifestTemplate::file)
        .containsExactly("web-app/web.yaml");
  }

  @Test
  void starterWelcomesWithTheSandboxNameAndExpiry() {
    GenericKubernetesResource welcome = render("starter").get(0);

    String readme = welcome.get("data", "README.md");
    assertThat(readme)
        .contains("# Welcome to lab-1\n")
        .contains("It was made to expire at 2031-03-04T17:00:00Z");
    assertThat(readme).doesNotContain("${");
  }

  @Test
  void everyObjectIsLabelledAndInTheSandboxNamespace() {
    for (Template template : catalog.templates()) {
      for (GenericKubernetesResource object : render(template.name())) {
        assertThat(object.getMetadata().getNamespace()).isEqualTo("estran-lab-1");
        assertThat(object.getMetadata().getLabels()).containsKey("app.kubernetes.io/name");
      }
    }
  }

  @Test
  void everyWorkloadMeetsPodSecurityRestrictedAndFitsTheSize() {
    for (Template template : catalog.templates()) {
      for (GenericKubernetesResource object : render(template.name())) {
        if (object.getKind().equals("Deployment")) {
          PodSpec pod =
              json.convertValue(object, Deployment.class).getSpec().getTemplate().getSpec();
          assertRestricted(template.name(), pod);
          assertFits(template.size(), pod);
        }
      }
    }
  }

  @Test
  void volumeClaimsFitTheStorage() {
    for (GenericKubernetesResource object : render("data-lab")) {
      if (object.getKind().equals("PersistentVolumeClaim")) {
        PersistentVolumeClaim claim = json.convertValue(object, PersistentVolumeClaim.class);
        Quantity storage = claim.getSpec().getResources().getRequests().get("storage");
        assertThat(Quantity.getAmountInBytes(storage))
            .isLessThanOrEqualTo(Size.of("2", "8", "20").storageGiB().multiply(GIB));
      }
    }
  }

  private static void assertRestricted(String template, PodSpec pod) {
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(template).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType())
        .as(template)
        .isEqualTo("RuntimeDefault");
    for (Container container : pod.getContainers()) {
      assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
          .as(template)
          .isFalse();
      assertThat(container.getSecurityContext().getCapabilities().getDrop())
          .as(template)
          .containsExactly("ALL");
    }
  }

  private static void assertFits(Size size, PodSpec pod) {
    for (Container container : pod.getContainers()) {
      Map<String, Quantity> limits = container.getResources().getLimits();
      Map<String, Quantity> requests = container.getResources().getRequests();
      assertThat(requests).containsKeys("cpu", "memory");
      assertThat(limits.get("cpu").getNumericalAmount()).isLessThan(size.cpu());
      assertThat(Quantity.getAmountInBytes(limits.get("memory")))
          .isLessThan(size.memoryGiB().multiply(GIB));
    }
  }

  private List<String> kindsAndNames(String template) {
    return render(template).stream()
        .map(object -> object.getKind() + "/" + object.getMetadata().getName())
        .toList();
  }

  private List<GenericKubernetesResource> render(String name) {
    Template template = catalog.find(name).orElseThrow();
    return renderer.render(
        template,
        new TemplateVariables(
            UUID.fromString("7d8f6b1e-3c2a-4e5f-9a0b-1c2d3e4f5a6b"),
            "lab-1",
            "estran-lab-1",
            "ana@univ-ubs.fr",
            "ubs",
            template.name(),
            template.size(),
            Instant.parse("2031-03-04T17:00:00Z")));
  }
}
