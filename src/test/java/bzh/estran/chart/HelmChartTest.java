package bzh.estran.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bzh.estran.config.EstranConfig;
import bzh.estran.config.Setting;
import bzh.estran.kube.core.DatasetLoad;
import bzh.estran.kube.core.DatasetLoaderObjects;
import bzh.estran.kube.core.SandboxLabels;
import bzh.estran.kube.core.SandboxObjects;
import bzh.estran.kube.core.TestSandboxes;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
        .isEqualTo("-XX:+UseSerialGC -Xms32m -Xmx256m -XX:TrimNativeHeapInterval=5000");
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
                            "config.ESTRAN_PROVISIONING_WORKERS", "16",
                            "publicUrl", "https://estran.example.org",
                            "mail.smtp.host", "smtp.example.org",
                            "mail.smtp.user", "estran",
                            "mail.smtp.passwordSecret.name", "estran-smtp")),
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
    // refused by the values schema first, and by the chart's own check as well
    assertThatThrownBy(() -> render(Map.of("config.JAVA_HOME", "/opt/java")))
        .hasMessageContaining("JAVA_HOME");
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
    for (PolicyRule rule : SandboxObjects.role(TestSandboxes.sandbox()).getRules()) {
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
            "PodDisruptionBudget",
            "NetworkPolicy");

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

  @Test
  void theImageIsTheChartsAppVersionUnlessATagIsGiven() {
    assertThat(container(only(render(Map.of()), "Deployment")).path("image").asString())
        .isEqualTo("estran/estran:0.1.0");
    JsonNode custom =
        container(
            only(
                render(
                    Map.of(
                        "image.repository", "registry.example.org/estran", "image.tag", "1.2.3")),
                "Deployment"));
    assertThat(custom.path("image").asString()).isEqualTo("registry.example.org/estran:1.2.3");
  }

  /**
   * The image the chart renders by default is the one {@code mvn -Pimage package jib:buildTar}
   * makes (the image profile of pom.xml), and its tag is the chart's appVersion.
   */
  @Test
  void theDefaultImageIsTheOneTheBuildMakes() throws Exception {
    String pom = java.nio.file.Files.readString(Path.of("pom.xml"));
    String profile = pom.substring(pom.indexOf("<id>image</id>"));
    String tag = between(profile, "<image.tag>", "</image.tag>");
    String built = between(profile, "<image>", "</image>").replace("${image.tag}", tag);
    assertThat(built).isEqualTo("estran/estran:" + tag);
    assertThat(container(only(render(Map.of()), "Deployment")).path("image").asString())
        .isEqualTo(built);
    JsonNode chart = YAML.readTree(java.nio.file.Files.readString(CHART.resolve("Chart.yaml")));
    assertThat(chart.path("appVersion").asString()).isEqualTo(tag);
  }

  private static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as(start).isNotNegative();
    return text.substring(from + start.length(), text.indexOf(end, from)).trim();
  }

  @Test
  void mailSettingsComeFromValuesAndThePasswordFromASecret() {
    Map<String, JsonNode> env =
        env(
            container(
                only(
                    render(
                        Map.of(
                            "mail.smtp.host", "smtp.example.org",
                            "mail.smtp.passwordSecret.name", "estran-smtp")),
                    "Deployment")));
    assertThat(env.get("ESTRAN_SMTP_HOST").path("value").asString()).isEqualTo("smtp.example.org");
    assertThat(env.get("ESTRAN_SMTP_TLS").path("value").asString()).isEqualTo("starttls");
    assertThat(
            env.get("ESTRAN_SMTP_PASSWORD")
                .path("valueFrom")
                .path("secretKeyRef")
                .path("name")
                .asString())
        .isEqualTo("estran-smtp");
    assertThat(env(container(only(render(Map.of()), "Deployment"))))
        .doesNotContainKey("ESTRAN_SMTP_HOST");
  }

  @Test
  void aServiceMonitorSendsTheScrapeTokenFromItsSecret() {
    assertThat(kinds(render(Map.of()))).doesNotContain("ServiceMonitor", "PrometheusRule");
    JsonNode monitor =
        only(
            render(
                Map.of(
                    "metrics.serviceMonitor.enabled",
                    true,
                    "metrics.tokenSecret.name",
                    "estran-metrics")),
            "ServiceMonitor");
    JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
    assertThat(endpoint.path("port").asString()).isEqualTo("http");
    assertThat(endpoint.path("path").asString()).isEqualTo("/metrics");
    assertThat(endpoint.path("authorization").path("type").asString()).isEqualTo("Bearer");
    assertThat(endpoint.path("authorization").path("credentials").path("name").asString())
        .isEqualTo("estran-metrics");
    assertThat(
            monitor
                .path("spec")
                .path("selector")
                .path("matchLabels")
                .path("app.kubernetes.io/name")
                .asString())
        .isEqualTo("estran");
    assertThatThrownBy(() -> render(Map.of("metrics.serviceMonitor.enabled", true)))
        .hasMessageContaining("needs metrics.tokenSecret.name");
  }

  @Test
  void alertsCoverFailuresLatenessQuotaDatabaseAndCluster() {
    JsonNode rule = only(render(Map.of("metrics.prometheusRule.enabled", true)), "PrometheusRule");
    List<String> alerts =
        rule.path("spec").path("groups").get(0).path("rules").findValuesAsString("alert");
    assertThat(alerts)
        .contains(
            "EstranProvisioningFailures",
            "EstranExpiryLate",
            "EstranQuotaNearlyUsed",
            "EstranDatabaseUnreachable",
            "EstranClusterUnreachable");
    assertThat(rule.toString()).contains("estran_expiry_lateness_seconds_bucket");
  }

  @Test
  void theDashboardIsJsonOverTheSeriesEstranPublishes() {
    JsonNode map = only(render(Map.of("metrics.grafanaDashboard.enabled", true)), "ConfigMap");
    assertThat(map.path("metadata").path("labels").path("grafana_dashboard").asString())
        .isEqualTo("1");
    JsonNode dashboard =
        new tools.jackson.databind.ObjectMapper()
            .readTree(map.path("data").path("estran.json").asString());
    List<String> titles = dashboard.path("panels").findValuesAsString("title");
    assertThat(titles)
        .contains(
            "Sandboxes by state",
            "API latency",
            "Provisioning duration (request to READY)",
            "Expiry lateness",
            "Core-hours this month per institution");
    assertThat(dashboard.toString())
        .contains("estran_sandboxes")
        .contains("estran_sandbox_provisioning_seconds_bucket")
        .contains("estran_quota_core_hours_used")
        .contains("hikaricp_connections_active");
  }

  @Test
  void onlyTheIngressControllerPrometheusAndTheTestReachThePort() {
    JsonNode policy = only(render(Map.of()), "NetworkPolicy");
    JsonNode ingress = policy.path("spec").path("ingress");
    assertThat(ingress.size()).isEqualTo(1);
    assertThat(ingress.get(0).path("ports").get(0).path("port").asString()).isEqualTo("http");
    assertThat(ingress.get(0).path("from").findValuesAsString("kubernetes.io/metadata.name"))
        .containsExactly("ingress-nginx", "monitoring");
    assertThat(policy.path("spec").path("policyTypes").findValuesAsString(""))
        .isEmpty(); // (a list of strings)
    assertThat(policy.path("spec").path("policyTypes").get(0).asString()).isEqualTo("Ingress");
    assertThat(kinds(render(Map.of("networkPolicy.enabled", false))))
        .doesNotContain("NetworkPolicy");
  }

  @Test
  void sandboxLoaderPodsReachThePortButNoOtherPodOfASandbox() {
    JsonNode from =
        only(render(Map.of()), "NetworkPolicy").path("spec").path("ingress").get(0).path("from");
    List<JsonNode> sandboxPeers =
        StreamSupport.stream(from.spliterator(), false)
            .filter(peer -> peer.path("namespaceSelector").path("matchLabels").size() > 0)
            .filter(
                peer ->
                    peer.path("namespaceSelector")
                        .path("matchLabels")
                        .has(SandboxLabels.MANAGED_BY))
            .collect(Collectors.toList());
    assertThat(sandboxPeers).hasSize(1);
    JsonNode peer = sandboxPeers.get(0);
    // the peer matches what Estran puts on a sandbox's namespace and on its loader pods ...
    Map<String, String> namespaceLabels = SandboxLabels.of(TestSandboxes.sandbox());
    Map<String, String> loaderPodLabels =
        DatasetLoaderObjects.job(TestSandboxes.sandbox(), load(), loaderSettings())
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getLabels();
    Map<String, String> namespaceSelector =
        labels(peer.path("namespaceSelector").path("matchLabels"));
    assertThat(namespaceSelector).isNotEmpty();
    assertThat(namespaceLabels).containsAllEntriesOf(namespaceSelector);
    Map<String, String> podSelector = labels(peer.path("podSelector").path("matchLabels"));
    assertThat(podSelector)
        .containsExactly(Map.entry(DatasetLoaderObjects.ROLE, DatasetLoaderObjects.LOADER_ROLE));
    assertThat(loaderPodLabels).containsAllEntriesOf(podSelector);
    // ... and only them: the labels Estran merges into every object of a sandbox lack it
    assertThat(SandboxLabels.of(TestSandboxes.sandbox()))
        .doesNotContainKey(DatasetLoaderObjects.ROLE);

    JsonNode without =
        only(render(Map.of("networkPolicy.datasetLoaders", false)), "NetworkPolicy")
            .path("spec")
            .path("ingress")
            .get(0)
            .path("from");
    assertThat(without.findValues(SandboxLabels.MANAGED_BY)).isEmpty();
  }

  @Test
  void estranLearnsItsServiceNamespaceAndPodsSoThatLoadersReachIt() {
    List<JsonNode> objects = render(Map.of());
    JsonNode deployment = only(objects, "Deployment");
    JsonNode service = only(objects, "Service");
    Map<String, JsonNode> env = env(container(deployment));
    assertThat(env.get("ESTRAN_DATASET_LOADER_URL").path("value").asString())
        .isEqualTo(
            "http://"
                + service.path("metadata").path("name").asString()
                + "."
                + NAMESPACE
                + ".svc:"
                + service.path("spec").path("ports").get(0).path("port").asInt());

    // Estran reads the chart's variables into the loader egress policy it puts in sandboxes
    Map<String, String> values = new LinkedHashMap<>();
    env.forEach(
        (name, variable) -> {
          if (variable.has("value") && name.startsWith("ESTRAN_")) {
            values.put(name, variable.path("value").asString());
          }
        });
    EstranConfig config = EstranConfig.from(values);
    assertThat(config.datasets().controlPlaneNamespace()).contains(NAMESPACE);
    NetworkPolicy egress =
        DatasetLoaderObjects.loaderEgress(
            TestSandboxes.sandbox(),
            new DatasetLoaderObjects.ControlPlane(
                config.datasets().controlPlaneNamespace().orElseThrow(),
                config.datasets().controlPlanePodLabels(),
                config.httpPort()));
    var to = egress.getSpec().getEgress().get(0);
    assertThat(to.getTo().get(0).getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.entry("kubernetes.io/metadata.name", NAMESPACE));
    Map<String, String> podLabels =
        labels(deployment.path("spec").path("template").path("metadata").path("labels"));
    Map<String, String> selected = to.getTo().get(0).getPodSelector().getMatchLabels();
    assertThat(selected)
        .isNotEmpty()
        .isEqualTo(labels(deployment.path("spec").path("selector").path("matchLabels")));
    assertThat(podLabels).containsAllEntriesOf(selected);
    assertThat(to.getPorts().get(0).getPort().getIntVal())
        .isEqualTo(container(deployment).path("ports").get(0).path("containerPort").asInt());

    Map<String, JsonNode> custom =
        env(
            container(
                only(
                    render(Map.of("datasets.loaderUrl", "https://estran.example.org")),
                    "Deployment")));
    assertThat(custom.get("ESTRAN_DATASET_LOADER_URL").path("value").asString())
        .isEqualTo("https://estran.example.org");
    assertThatThrownBy(() -> render(Map.of("config.ESTRAN_CONTROL_PLANE_NAMESPACE", "x")))
        .hasMessageContaining("is set by the chart");
  }

  @Test
  void replicasPreferDifferentNodes() {
    JsonNode affinity =
        only(render(Map.of()), "Deployment")
            .path("spec")
            .path("template")
            .path("spec")
            .path("affinity");
    JsonNode term =
        affinity
            .path("podAntiAffinity")
            .path("preferredDuringSchedulingIgnoredDuringExecution")
            .get(0);
    assertThat(term.path("podAffinityTerm").path("topologyKey").asString())
        .isEqualTo("kubernetes.io/hostname");
    assertThat(
            term.path("podAffinityTerm")
                .path("labelSelector")
                .path("matchLabels")
                .path("app.kubernetes.io/instance")
                .asString())
        .isEqualTo("estran");
  }

  @Test
  void labTemplatesMayComeFromAConfigMapWithoutANewImage() {
    JsonNode deployment =
        only(render(Map.of("templatesVolume.configMap.name", "estran-templates")), "Deployment");
    JsonNode spec = deployment.path("spec").path("template").path("spec");
    assertThat(spec.path("volumes").findValuesAsString("name")).contains("templates");
    assertThat(spec.toString()).contains("\"configMap\":{\"name\":\"estran-templates\"}");
    JsonNode container = container(deployment);
    assertThat(container.path("volumeMounts").findValuesAsString("mountPath"))
        .contains("/etc/estran/templates");
    assertThat(env(container).get("ESTRAN_TEMPLATES_DIR").path("value").asString())
        .isEqualTo("/etc/estran/templates");
  }

  /**
   * helm-java's template leaves hooks out, so the test pod is checked as written (lint renders it
   * with the rest, in strict mode).
   */
  @Test
  void helmTestAsksReadyzThroughTheServiceUnderPodSecurityRestricted() throws Exception {
    JsonNode pod =
        YAML.readTree(
            java.nio.file.Files.readString(CHART.resolve("templates/tests/test-readyz.yaml"))
                .replaceAll("\\{\\{-? ?include \"estran.fullname\" \\. ?-?}}", "estran")
                .replaceAll("\\{\\{[^}]*}}", "x"));
    assertThat(pod.path("metadata").path("annotations").path("helm.sh/hook").asString())
        .isEqualTo("test");
    JsonNode container = pod.path("spec").path("containers").get(0);
    assertThat(container.path("command").toString()).contains("http://estran:x/readyz");
    assertThat(pod.path("spec").path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean())
        .isFalse();
    // not the control plane's selector labels: the Service must not pick the test pod
    assertThat(pod.path("metadata").path("labels").path("app.kubernetes.io/component").asString())
        .isEqualTo("helm-test");
  }

  @Test
  void theValuesSchemaRefusesWrongTypesAndUnknownKeys() {
    assertThatThrownBy(() -> render(Map.of("replicaCount", "two")))
        .hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> render(Map.of("replicas", 3))).hasMessageContaining("replicas");
    assertThatThrownBy(() -> render(Map.of("mail.smtp.tls", "ssl"))).hasMessageContaining("tls");
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

  private static Map<String, String> labels(JsonNode map) {
    Map<String, String> labels = new LinkedHashMap<>();
    map.properties().forEach(entry -> labels.put(entry.getKey(), entry.getValue().asString()));
    return labels;
  }

  private static DatasetLoad load() {
    return new DatasetLoad(
        "air-quality", 1, "ab".repeat(32), 1234, "http://estran:7070/x", "README");
  }

  private static DatasetLoaderObjects.Settings loaderSettings() {
    return new DatasetLoaderObjects.Settings("curlimages/curl:8.11.1", Duration.ofMinutes(15));
  }
}
