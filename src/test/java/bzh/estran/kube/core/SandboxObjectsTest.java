package bzh.estran.kube.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import bzh.estran.sandbox.core.Sandbox;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxObjectsTest {

  private final Sandbox sandbox = TestSandboxes.sandbox();

  @Test
  void kept_lists_estrans_own_objects_in_creation_order_and_seeds_the_templates() {
    List<HasMetadata> objects = all(List.of(jupyterConfig()));

    assertThat(objects)
        .extracting(HasMetadata::getKind, object -> object.getMetadata().getName())
        .containsExactly(
            tuple("Namespace", TestSandboxes.NAMESPACE),
            tuple("ResourceQuota", "estran-quota"),
            tuple("LimitRange", "estran-limits"),
            tuple("NetworkPolicy", "estran-ingress-isolation"),
            tuple("NetworkPolicy", "estran-egress-isolation"),
            tuple("ServiceAccount", "sandbox-user"),
            tuple("Role", "sandbox-user"),
            tuple("RoleBinding", "sandbox-user"),
            tuple("ConfigMap", "jupyter-settings"));
  }

  @Test
  void estrans_own_objects_carry_the_estran_labels() {
    assertThat(SandboxObjects.kept(sandbox, List.of()))
        .hasSize(8)
        .allSatisfy(
            object ->
                assertThat(object.getMetadata().getLabels())
                    .contains(
                        entry("app.kubernetes.io/managed-by", "estran"),
                        entry("estran.bzh/sandbox-id", TestSandboxes.ID.toString()),
                        entry("estran.bzh/institution", "univ-rennes")));
  }

  @Test
  void template_objects_carry_the_sandbox_but_not_estrans_management() {
    List<HasMetadata> seeds =
        SandboxObjects.seeds(sandbox, List.of(jupyterConfig(), notebookDeployment()));

    assertThat(seeds)
        .hasSize(2)
        .allSatisfy(
            object ->
                assertThat(object.getMetadata().getLabels())
                    .contains(
                        entry("estran.bzh/sandbox-id", TestSandboxes.ID.toString()),
                        entry("estran.bzh/institution", "univ-rennes"))
                    .doesNotContainKey("app.kubernetes.io/managed-by"));
  }

  @Test
  void every_object_but_the_namespace_lives_in_the_sandbox_namespace() {
    List<HasMetadata> objects = all(List.of(jupyterConfig()));

    assertThat(objects.subList(1, objects.size()))
        .allSatisfy(
            object ->
                assertThat(object.getMetadata().getNamespace()).isEqualTo("sbx-0f8c2e1a9b3d"));
    assertThat(objects.get(0).getMetadata().getNamespace()).isNull();
  }

  @Test
  void namespace_enforces_warns_and_audits_the_restricted_pod_security_level() {
    Namespace namespace = SandboxObjects.namespace(sandbox);

    assertThat(namespace.getMetadata().getLabels())
        .contains(
            entry("pod-security.kubernetes.io/enforce", "restricted"),
            entry("pod-security.kubernetes.io/enforce-version", "latest"),
            entry("pod-security.kubernetes.io/warn", "restricted"),
            entry("pod-security.kubernetes.io/warn-version", "latest"),
            entry("pod-security.kubernetes.io/audit", "restricted"),
            entry("pod-security.kubernetes.io/audit-version", "latest"));
  }

  @Test
  void namespace_is_annotated_with_expiry_owner_template_and_name() {
    Namespace namespace = SandboxObjects.namespace(sandbox);

    assertThat(namespace.getMetadata().getAnnotations())
        .containsOnly(
            entry("estran.bzh/expires-at", "2026-03-09T09:00:00Z"),
            entry("estran.bzh/owner", "ana@univ-rennes.fr"),
            entry("estran.bzh/template", "jupyter-postgres"),
            entry("estran.bzh/sandbox-name", "churn-analysis"));
  }

  @Test
  void template_objects_keep_their_labels_and_get_the_namespace() {
    HasMetadata placed = SandboxObjects.seeds(sandbox, List.of(jupyterConfig())).get(0);

    assertThat(placed).isInstanceOf(ConfigMap.class);
    assertThat(((ConfigMap) placed).getData()).containsEntry("theme", "dark");
    assertThat(placed.getMetadata().getNamespace()).isEqualTo("sbx-0f8c2e1a9b3d");
    assertThat(placed.getMetadata().getLabels())
        .contains(
            entry("app", "jupyter"), entry("estran.bzh/sandbox-id", TestSandboxes.ID.toString()));
  }

  @Test
  void a_template_cannot_pose_as_another_sandbox_nor_as_estrans_own() {
    ConfigMap spoofing =
        new ConfigMapBuilder(jupyterConfig())
            .editMetadata()
            .addToLabels("estran.bzh/sandbox-id", "someone-else")
            .addToLabels("estran.bzh/institution", "elsewhere")
            .addToLabels("app.kubernetes.io/managed-by", "estran")
            .endMetadata()
            .build();

    HasMetadata placed = SandboxObjects.seeds(sandbox, List.of(spoofing)).get(0);

    assertThat(placed.getMetadata().getLabels())
        .contains(
            entry("estran.bzh/sandbox-id", TestSandboxes.ID.toString()),
            entry("estran.bzh/institution", "univ-rennes"))
        .doesNotContainKey("app.kubernetes.io/managed-by");
  }

  @Test
  void a_template_may_name_the_tool_that_manages_its_objects() {
    ConfigMap byHelm =
        new ConfigMapBuilder(jupyterConfig())
            .editMetadata()
            .addToLabels("app.kubernetes.io/managed-by", "helm")
            .endMetadata()
            .build();

    HasMetadata placed = SandboxObjects.seeds(sandbox, List.of(byHelm)).get(0);

    assertThat(placed.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "helm");
  }

  @Test
  void template_objects_passed_in_are_copied_not_modified() {
    Deployment notebook = notebookDeployment();

    HasMetadata placed = SandboxObjects.seeds(sandbox, List.of(notebook)).get(0);

    assertThat(placed).isNotSameAs(notebook).isInstanceOf(Deployment.class);
    assertThat(notebook.getMetadata().getNamespace()).isNull();
    assertThat(notebook.getMetadata().getLabels()).containsOnly(entry("app", "notebook"));
    Deployment copy = (Deployment) placed;
    assertThat(copy.getSpec().getReplicas()).isEqualTo(1);
    assertThat(copy.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("quay.io/jupyter/minimal-notebook:2026-01-05");
    assertThat(
            copy.getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getLimits())
        .containsEntry("memory", new Quantity("512Mi"));
  }

  private List<HasMetadata> all(List<? extends HasMetadata> templateObjects) {
    List<HasMetadata> objects = new ArrayList<>(SandboxObjects.kept(sandbox, List.of()));
    objects.addAll(SandboxObjects.seeds(sandbox, templateObjects));
    return objects;
  }

  private static ConfigMap jupyterConfig() {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("jupyter-settings")
        .addToLabels("app", "jupyter")
        .endMetadata()
        .addToData("theme", "dark")
        .build();
  }

  private static Deployment notebookDeployment() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("notebook")
        .addToLabels("app", "notebook")
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .addToMatchLabels("app", "notebook")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "notebook")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("notebook")
        .withImage("quay.io/jupyter/minimal-notebook:2026-01-05")
        .withNewResources()
        .addToLimits("memory", new Quantity("512Mi"))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
