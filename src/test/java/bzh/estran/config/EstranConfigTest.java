package bzh.estran.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The configuration record, read from a plain map of environment variables. */
class EstranConfigTest {

  @Test
  void anEmptyEnvironmentGivesTheDocumentedDefaults() {
    EstranConfig config = EstranConfig.from(Map.of());

    assertThat(config.mode()).isEqualTo(Mode.DEV);
    assertThat(config.httpPort()).isEqualTo(7070);
    assertThat(config.dataDir()).isEqualTo(Path.of("./.estran"));
    assertThat(config.bootstrapToken()).isEmpty();
    assertThat(config.databaseUrl()).isEmpty();
    assertThat(config.databaseUser()).isEqualTo("postgres");
    assertThat(config.databasePassword()).isEmpty();
    assertThat(config.databasePoolSize()).isEqualTo(10);
    assertThat(config.kubeApiUrl()).isEmpty();
    assertThat(config.kubePublicUrl()).isEmpty();
    assertThat(config.kubeMaxInFlight()).isEqualTo(32);
    assertThat(config.provisioningWorkers()).isEqualTo(8);
    assertThat(config.provisioningAttempts()).isEqualTo(5);
    assertThat(config.provisioningBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.expiryInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.sweepInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.templatesDir()).isEqualTo(Path.of("./templates"));
    assertThat(config.sandboxEgressExcept())
        .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
    assertThat(config.schedulerName()).isEqualTo("estran");
    assertThat(config.kubeconfigServerUrl()).isEmpty();
  }

  @Test
  void givenValuesAreReadTrimmedAndTyped() {
    EstranConfig config =
        EstranConfig.from(
            Map.of(
                "ESTRAN_MODE", "Production",
                "ESTRAN_HTTP_PORT", " 8080 ",
                "ESTRAN_DATABASE_URL", "jdbc:postgresql://db:5432/estran",
                "ESTRAN_BOOTSTRAP_TOKEN", "estran_a-long-enough-bootstrap-token",
                "ESTRAN_PROVISIONING_BACKOFF", "PT0.5S",
                "ESTRAN_KUBE_API_URL", "https://10.0.0.1:6443",
                "ESTRAN_SANDBOX_EGRESS_EXCEPT", " 10.1.0.0/16 , 192.168.1.0/24 "));

    assertThat(config.mode()).isEqualTo(Mode.PRODUCTION);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.databaseUrl()).contains("jdbc:postgresql://db:5432/estran");
    assertThat(config.bootstrapToken()).contains("estran_a-long-enough-bootstrap-token");
    assertThat(config.provisioningBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.sandboxEgressExcept()).containsExactly("10.1.0.0/16", "192.168.1.0/24");
    assertThat(config.kubeconfigServerUrl()).contains("https://10.0.0.1:6443");
  }

  @Test
  void thePublicKubeUrlWinsForKubeconfigs() {
    EstranConfig config =
        EstranConfig.from(
            Map.of(
                "ESTRAN_KUBE_API_URL", "https://10.0.0.1:6443",
                "ESTRAN_KUBE_PUBLIC_URL", "https://k8s.example.org"));
    assertThat(config.kubeconfigServerUrl()).isEqualTo(Optional.of("https://k8s.example.org"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "ESTRAN_HTTP_PORT, abc",
    "ESTRAN_HTTP_PORT, 70000",
    "ESTRAN_HTTP_PORT, -1",
    "ESTRAN_MODE, staging",
    "ESTRAN_PROVISIONING_BACKOFF, 5s",
    "ESTRAN_EXPIRY_INTERVAL, PT0S",
    "ESTRAN_SWEEP_INTERVAL, -PT1S",
    "ESTRAN_SANDBOX_EGRESS_EXCEPT, 10.0.0.0/33",
    "ESTRAN_SANDBOX_EGRESS_EXCEPT, 10.0.0.256/8",
    "ESTRAN_SANDBOX_EGRESS_EXCEPT, 10.0.0.0",
    "ESTRAN_KUBE_API_URL, ftp://x",
    "ESTRAN_KUBE_PUBLIC_URL, not a url",
    "ESTRAN_DATABASE_POOL_SIZE, 1",
    "ESTRAN_PROVISIONING_WORKERS, 0",
  })
  void aBadValueIsRefusedWithTheVariableNamed(String variable, String value) {
    assertThatThrownBy(() -> EstranConfig.from(Map.of(variable, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(variable)
        .hasMessageContaining(value);
  }

  @Test
  void productionNeedsADatabaseUrl() {
    assertThatThrownBy(() -> EstranConfig.from(Map.of("ESTRAN_MODE", "production")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ESTRAN_DATABASE_URL");
    assertThat(EstranConfig.from(Map.of("ESTRAN_MODE", "dev")).databaseUrl()).isEmpty();
  }

  @Test
  void aShortBootstrapTokenIsRefused() {
    assertThatThrownBy(() -> EstranConfig.from(Map.of("ESTRAN_BOOTSTRAP_TOKEN", "estran_short")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ESTRAN_BOOTSTRAP_TOKEN");
    assertThat(EstranConfig.from(Map.of("ESTRAN_BOOTSTRAP_TOKEN", "x".repeat(20))).bootstrapToken())
        .contains("x".repeat(20));
  }

  @Test
  void blankValuesFallBackToTheDefault() {
    Map<String, String> env = new HashMap<>();
    env.put("ESTRAN_HTTP_PORT", "  ");
    env.put("ESTRAN_MODE", "");
    EstranConfig config = EstranConfig.from(env);
    assertThat(config.httpPort()).isEqualTo(7070);
    assertThat(config.mode()).isEqualTo(Mode.DEV);
  }

  @Test
  void theControlPlanesNamespaceAndPodLabelsAreReadAndChecked() {
    EstranConfig none = EstranConfig.from(Map.of());
    assertThat(none.datasets().controlPlaneNamespace()).isEmpty();
    assertThat(none.datasets().controlPlanePodLabels())
        .containsExactly(Map.entry("app.kubernetes.io/name", "estran"));

    EstranConfig set =
        EstranConfig.from(
            Map.of(
                "ESTRAN_CONTROL_PLANE_NAMESPACE", "estran-system",
                "ESTRAN_CONTROL_PLANE_POD_LABELS",
                    " app.kubernetes.io/name=estran , app.kubernetes.io/instance=prod "));
    assertThat(set.datasets().controlPlaneNamespace()).contains("estran-system");
    assertThat(set.datasets().controlPlanePodLabels())
        .containsExactly(
            Map.entry("app.kubernetes.io/name", "estran"),
            Map.entry("app.kubernetes.io/instance", "prod"));

    for (Map<String, String> bad :
        List.of(
            Map.of("ESTRAN_CONTROL_PLANE_NAMESPACE", "Estran_System"),
            Map.of("ESTRAN_CONTROL_PLANE_POD_LABELS", "app=estran,=x"),
            Map.of("ESTRAN_CONTROL_PLANE_POD_LABELS", "app=not a value"),
            Map.of("ESTRAN_CONTROL_PLANE_POD_LABELS", ","))) {
      assertThatThrownBy(() -> EstranConfig.from(bad))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(bad.keySet().iterator().next());
    }
    // the policy names the port: it cannot be one picked at random
    assertThatThrownBy(
            () ->
                EstranConfig.from(
                    Map.of(
                        "ESTRAN_CONTROL_PLANE_NAMESPACE", "estran-system",
                        "ESTRAN_HTTP_PORT", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ESTRAN_HTTP_PORT");
  }

  @Test
  void anEmptyEgressExceptionListMeansNone() {
    EstranConfig config = EstranConfig.from(Map.of("ESTRAN_SANDBOX_EGRESS_EXCEPT", ""));
    assertThat(config.sandboxEgressExcept()).isEmpty();
  }

  @Test
  void everySettingIsDescribedAndPrefixed() {
    assertThat(Setting.ALL).isNotEmpty();
    assertThat(Setting.ALL)
        .allSatisfy(
            setting -> {
              assertThat(setting.name()).startsWith("ESTRAN_").matches("[A-Z0-9_]+");
              assertThat(setting.description()).as(setting.name()).isNotBlank();
            });
    assertThat(Setting.ALL).extracting(Setting::name).doesNotHaveDuplicates();
  }

  @Test
  void everyVariableReadHasASetting() {
    // EnvReader looks each name up in Setting.ALL; an unknown name is a programming error.
    assertThatThrownBy(() -> Setting.named("ESTRAN_NOPE"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Setting.named("ESTRAN_HTTP_PORT").defaultValue()).isEqualTo("7070");
  }
}
