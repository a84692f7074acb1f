package bzh.estran.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bzh.estran.catalog.core.Size;
import bzh.estran.config.Setting;
import bzh.estran.kube.core.SandboxObjects;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxState;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders the control plane's Helm chart with a real (bundled) helm and checks what it produces.
 */
class HelmChartTest {

  private static final Path CHART = Path.of("charts/estran");
  private static final String NAMESPACE = "estran-system";
  private static final YAMLMapper YAML = new YAMLMapper();

  /** What an install needs at the least. */
  private static final Map<String, Object> REQUIRED =
      Map.of(
          "database.url", "jdbc:postgresql://postgres.db.svc:5432/estran",
          "database.passwordSecret.name", "estran-db");

  @Test
  void lintPassesWithTheDefaultValues() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).noneMatch(message -> message.contains("[ERROR]"));
  }

  @Test
  void deploymentRunsTwoProductionReplicasWithProbes() {
    JsonNode deployment = only(render(Map.of()), "Deployment");
    JsonNode container = container(deployment);
    Map<String, JsonNode> env = env(container);

    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(env.get("ESTRAN_MODE").path("value").asString()).isEqualTo("production");
    assertThat(env.get("ESTRAN_TEMPLATES_DIR").path("value").asString())
        .isEqualTo("/app/templates");
    assertThat(env.get("ESTRAN_HTTP_PORT").path("value").asString()).isEqualTo("7070");
    assertThat(env.get("ESTRAN_DATABASE_URL").path("value").asString())
        .isEqualTo("jdbc:postgresql://postgres.db.svc:5432/estran");
    assertThat(env.get("ESTRAN_DATABASE_USER").path("value").asString()).isEqualTo("estran");
    JsonNode password = env.get("ESTRAN_DATABASE_PASSWORD").path("valueFrom").path("secretKeyRef");
    assertThat(password.path("name").asString()).isEqualTo("estran-db");
    assertThat(password.path("key").asString()).isEqualTo("password");
    assertThat(env.get("JAVA_TOOL_OPTIONS").path("value").asString())
        .isEqualTo("-XX:+UseSerialGC -Xmx256m");
    assertThat(env).doesNotContainKeys("ESTRAN_BOOTSTRAP_TOKEN", "ESTRAN_KUBE_PUBLIC_URL");

    assertThat(container.path("readinessProbe").path("httpGet").path("path").asString())
        .isEqualTo("/readyz");
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asString())
        .isEqualTo("/healthz");
    assertThat(container.path("startupProbe").path("httpGet").path("path").asString())
        .isEqualTo("/healthz");
    assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(7070);

    JsonNode resources = container.path("resources");
    assertThat(resources.path("requests").path("cpu").asString()).isEqualTo("250m");
    assertThat(resources.path("requests").path("memory").asString()).isEqualTo("384Mi");
    assertThat(resources.path("limits").path("cpu").asString()).isEqualTo("1");
    assertThat(resources.path("limits").path("memory").asString()).isEqualTo("768Mi");
  }

  @Test
  void deploymentMeetsPodSecurityRestricted() {
    JsonNode deployment = only(render(Map.of()), "Deployment");
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    JsonNode container = container(deployment);
    JsonNode security = container.path("securityContext");

    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("securityContext").path("runAsUser").asInt()).isEqualTo(10001);
    assertThat(pod.path("securityContext").path("seccompProfile").path("type").asString())
        .isEqualTo("RuntimeDefault");
    assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(strings(security.path("capabilities").path("drop"))).containsExactly("ALL");
    assertThat(security.path("capabilities").has("add")).isFalse();

    // The read-only root filesystem leaves /tmp writable through an emptyDir.
    assertThat(container.path("volumeMounts").get(0).path("mountPath").asString())
        .isEqualTo("/tmp");
    String volume = container.path("volumeMounts").get(0).path("name").asString();
    JsonNode tmp =
        StreamSupport.stream(pod.path("volumes").spliterator(), false)
            .filter(v -> v.path("name").asString().equals(volume))
            .findFirst()
            .orElseThrow();
    assertThat(tmp.has("emptyDir")).isTrue();
    assertThat(pod.path("serviceAccountName").asString()).isEqualTo("estran");
  }

  @Test
  void everyEnvironmentVariableTheChartSetsIsOneEstranReads() {
    Map<String, JsonNode> env =
        env(
            container(
                only(
                    render(
                        Map.of(
                            "bootstrapToken.secretName", "estran-bootstrap",
                            "kubePublicUrl", "https://k8s.example.org:6443",
                            "config.ESTRAN_PROVISIONING_WORKERS", "16")),
                    "Deployment")));

    assertThat(env.keySet())
        .filteredOn(name -> !name.equals("JAVA_TOOL_OPTIONS"))
        .allSatisfy(name -> assertThat(Setting.named(name)).isNotNull());
    assertThat(env.get("ESTRAN_PROVISIONING_WORKERS").path("value").asString()).isEqualTo("16");
    assertThat(env.get("ESTRAN_KUBE_PUBLIC_URL").path("value").asString())
        .isEqualTo("https://k8s.example.org:6443");
    JsonNode token = env.get("ESTRAN_BOOTSTRAP_TOKEN").path("valueFrom").path("secretKeyRef");
    assertThat(token.path("name").asString()).isEqualTo("estran-bootstrap");
    assertThat(token.path("key").asString()).isEqualTo("token");
  }

  @Test
  void configRefusesWhatIsNotAnEstranVariableOrWhatTheChartSets() {
    assertThatThrownBy(() -> render(Map.of("config.JAVA_HOME", "/opt/java")))
        .hasMessageContaining("only ESTRAN_* variables");
    assertThatThrownBy(() -> render(Map.of("config.ESTRAN_MODE", "dev")))
        .hasMessageContaining("config.ESTRAN_MODE is set by the chart");
  }

  @Test
  void installWithoutDatabaseFails() {
    TemplateCommand withoutUrl =
        new Helm(CHART)
            .template()
            .withName("estran")
            .set("database.passwordSecret.name", "estran-db");
    assertThatThrownBy(withoutUrl::call).hasMessageContaining("database.url is required");

    TemplateCommand withoutPassword =
        new Helm(CHART)
            .template()
            .withName("estran")
            .set("database.url", "jdbc:postgresql://db/estran");
    assertThatThrownBy(withoutPassword::call)
        .hasMessageContaining("database.passwordSecret.name is required");
  }

  @Test
  void clusterRoleHoldsEverythingTheSandboxRoleGrants() {
    Set<String> held = grants(only(render(Map.of()), "ClusterRole").path("rules"));
    Set<String> granted = new TreeSet<>();
    for (PolicyRule rule : SandboxObjects.role(sandbox()).getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }

    assertThat(granted).isNotEmpty();
    assertThat(held).containsAll(granted);
  }

  @Test
  void clusterRoleHoldsWhatEstranDoesAndNoWildcardNorEscalation() {
    List<JsonNode> objects = render(Map.of());
    JsonNode clusterRole = only(objects, "ClusterRole");
    Set<String> held = grants(clusterRole.path("rules"));

    assertThat(held)
        .contains("/namespaces:create", "/namespaces:delete", "/namespaces:watch")
        .contains("/serviceaccounts/token:create")
        .contains(
            "rbac.authorization.k8s.io/roles:create",
            "rbac.authorization.k8s.io/rolebindings:create")
        .contains(
            "networking.k8s.io/networkpolicies:update",
            "/resourcequotas:update",
            "/limitranges:update");
    for (String resource :
        List.of(
            "/resourcequotas",
            "/limitranges",
            "/serviceaccounts",
            "/configmaps",
            "/secrets",
            "/services",
            "/persistentvolumeclaims",
            "/pods",
            "apps/deployments",
            "apps/statefulsets",
            "batch/jobs",
            "batch/cronjobs",
            "networking.k8s.io/networkpolicies",
            "networking.k8s.io/ingresses",
            "rbac.authorization.k8s.io/roles",
            "rbac.authorization.k8s.io/rolebindings")) {
      for (String verb : List.of("create", "get", "list", "watch", "update", "patch", "delete")) {
        assertThat(held).contains(resource + ":" + verb);
      }
    }
    assertThat(held).noneMatch(grant -> grant.contains("*"));
    assertThat(held)
        .noneMatch(
            grant ->
                grant.endsWith(":bind")
                    || grant.endsWith(":escalate")
                    || grant.endsWith(":impersonate"));
    assertThat(clusterRole.has("aggregationRule")).isFalse();

    JsonNode binding = only(objects, "ClusterRoleBinding");
    assertThat(binding.path("roleRef").path("name").asString())
        .isEqualTo(clusterRole.path("metadata").path("name").asString());
    JsonNode subject = binding.path("subjects").get(0);
    assertThat(subject.path("kind").asString()).isEqualTo("ServiceAccount");
    assertThat(subject.path("name").asString())
        .isEqualTo(only(objects, "ServiceAccount").path("metadata").path("name").asString());
    assertThat(subject.path("namespace").asString()).isEqualTo(NAMESPACE);
  }

  @Test
  void disruptionBudgetKeepsOneReplicaOnlyWhenThereAreSeveral() {
    JsonNode budget = only(render(Map.of()), "PodDisruptionBudget");
    assertThat(budget.path("spec").path("minAvailable").asInt()).isEqualTo(1);
    assertThat(
            budget
                .path("spec")
                .path("selector")
                .path("matchLabels")
                .path("app.kubernetes.io/instance")
                .asString())
        .isEqualTo("estran");

    List<JsonNode> single = render(Map.of("replicaCount", 1));
    assertThat(kinds(single)).doesNotContain("PodDisruptionBudget");
    assertThat(only(single, "Deployment").path("spec").path("replicas").asInt()).isEqualTo(1);
  }

  @Test
  void serviceExposesPort7070AndIngressIsOptional() {
    List<JsonNode> objects = render(Map.of());
    JsonNode port = only(objects, "Service").path("spec").path("ports").get(0);
    assertThat(port.path("port").asInt()).isEqualTo(7070);
    assertThat(port.path("targetPort").asString()).isEqualTo("http");
    assertThat(kinds(objects))
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Service",
            "Deployment",
            "PodDisruptionBudget");

    JsonNode ingress =
        only(
            render(
                Map.of(
                    "ingress.enabled", true,
                    "ingress.hosts[0].host", "estran.univ-rennes.fr",
                    "ingress.hosts[0].paths[0].path", "/")),
            "Ingress");
    JsonNode rule = ingress.path("spec").path("rules").get(0);
    assertThat(rule.path("host").asString()).isEqualTo("estran.univ-rennes.fr");
    JsonNode backend = rule.path("http").path("paths").get(0).path("backend").path("service");
    assertThat(backend.path("name").asString()).isEqualTo("estran");
    assertThat(backend.path("port").path("name").asString()).isEqualTo("http");
  }

  // ---------------------------------------------------------------------------------------------

  private static List<JsonNode> render(Map<String, Object> values) {
    Map<String, Object> all = new LinkedHashMap<>(REQUIRED);
    all.putAll(values);
    TemplateCommand template =
        new Helm(CHART).template().withName("estran").withNamespace(NAMESPACE);
    all.forEach(template::set);
    String yaml = template.call();
    List<JsonNode> documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
    return documents.stream().filter(d -> d != null && d.has("kind")).collect(Collectors.toList());
  }

  private static List<String> kinds(List<JsonNode> objects) {
    return objects.stream().map(o -> o.path("kind").asString()).collect(Collectors.toList());
  }

  private static JsonNode only(List<JsonNode> objects, String kind) {
    List<JsonNode> found =
        objects.stream()
            .filter(o -> o.path("kind").asString().equals(kind))
            .collect(Collectors.toList());
    assertThat(found).as("rendered %s objects", kind).hasSize(1);
    return found.get(0);
  }

  private static JsonNode container(JsonNode deployment) {
    JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
    assertThat(containers.size()).isEqualTo(1);
    return containers.get(0);
  }

  private static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> env = new LinkedHashMap<>();
    for (JsonNode variable : container.path("env")) {
      assertThat(env.put(variable.path("name").asString(), variable))
          .as("%s set twice", variable.path("name").asString())
          .isNull();
    }
    return env;
  }

  private static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(JsonNode::asString)
        .collect(Collectors.toList());
  }

  /** Every "apiGroup/resource:verb" the rules allow. */
  private static Set<String> grants(JsonNode rules) {
    Set<String> grants = new TreeSet<>();
    for (JsonNode rule : rules) {
      for (String group : strings(rule.path("apiGroups"))) {
        for (String resource : strings(rule.path("resources"))) {
          for (String verb : strings(rule.path("verbs"))) {
            grants.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return grants;
  }

  private static Sandbox sandbox() {
    return new Sandbox(
        UUID.fromString("0f8c2e1a-9b3d-4c5e-8f60-123456789abc"),
        "churn-analysis",
        UUID.fromString("11111111-2222-3333-4444-555555555555"),
        "ana@univ-rennes.fr",
        UUID.fromString("66666666-7777-8888-9999-000000000000"),
        "univ-rennes",
        null,
        "jupyter-postgres",
        List.of("retail-orders"),
        Size.of("2", "4", "10"),
        SandboxState.PROVISIONING,
        "sbx-0f8c2e1a9b3d",
        Instant.parse("2026-03-02T09:00:00Z"),
        Instant.parse("2026-03-09T09:00:00Z"),
        null,
        null,
        null);
  }
}
