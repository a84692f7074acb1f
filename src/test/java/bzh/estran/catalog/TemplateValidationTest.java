package bzh.estran.catalog;

import static bzh.estran.catalog.TemplateFixtures.configMap;
import static bzh.estran.catalog.TemplateFixtures.descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import bzh.estran.catalog.core.TemplateException;
import bzh.estran.catalog.core.TemplateValidator;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a template can be refused, each reported with its file, line and reason. */
class TemplateValidationTest {

  private static final String ALLOWED_KINDS =
      "ConfigMap, Secret, Service, Deployment, StatefulSet, Job, CronJob, PersistentVolumeClaim,"
          + " Pod, ServiceAccount, Ingress";

  @TempDir Path root;
  private TemplateFixtures fixtures;
  private final TemplateLoader loader = new TemplateLoader(new TemplateValidator());

  @BeforeEach
  void setUp() {
    fixtures = new TemplateFixtures(root);
  }

  private TemplateException loadFailure() {
    return catchThrowableOfType(TemplateException.class, () -> loader.load(root));
  }

  private void assertRefused(Path file, int line, String reason) {
    TemplateException e = loadFailure();
    assertThat(e).as("expected a TemplateException").isNotNull();
    assertThat(e.file()).isEqualTo(file.toString());
    assertThat(e.line()).isEqualTo(line);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.getMessage()).isEqualTo(file + ":" + line + ": " + reason);
  }

  @Test
  void acceptsAValidTemplate() {
    fixtures.writeTemplate("ok", configMap("settings"));

    assertThat(loader.load(root).find("ok")).isPresent();
  }

  @Test
  void refusesAnUnknownVariableAtItsLine() {
    Path file =
        fixtures.writeTemplate(
            "bad",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              owner: ${OWNER}
              home: ${HOME}
            """);

    assertRefused(
        file,
        7,
        "unknown variable ${HOME} (allowed: SANDBOX_ID, SANDBOX_NAME, NAMESPACE, OWNER,"
            + " INSTITUTION, TEMPLATE, CPU, MEMORY_GIB, STORAGE_GIB, EXPIRES_AT)");
  }

  @Test
  void refusesAnUnclosedVariableReference() {
    Path file = fixtures.writeTemplate("bad", configMap("settings") + "  id: ${SANDBOX_ID\n");

    assertRefused(file, 7, "unclosed variable reference '${'");
  }

  @Test
  void refusesBadYamlAtTheParsersLineCountedInTheWholeFile() {
    Path file =
        fixtures.writeTemplate(
            "bad",
            configMap("first")
                + """
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: second
                    labels: x
                """);

    assertRefused(file, 12, "invalid YAML: mapping values are not allowed here");
  }

  @Test
  void refusesADuplicateKey() {
    Path file =
        fixtures.writeTemplate(
            "bad",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              name: other
            """);

    assertRefused(file, 5, "invalid YAML: Duplicate Object property \"name\"");
  }

  @Test
  void refusesAClusterScopedKindAtTheLineOfKind() {
    Path file =
        fixtures.writeTemplate(
            "bad",
            configMap("settings")
                + """
                ---
                # a second namespace, which would escape the sandbox
                apiVersion: v1
                metadata:
                  name: elsewhere
                kind: Namespace
                """);

    assertRefused(file, 12, "cluster-scoped kind Namespace is not allowed in a template");
  }

  @ParameterizedTest
  @CsvSource({
    "NetworkPolicy, networking.k8s.io/v1",
    "ResourceQuota, v1",
    "LimitRange, v1",
    "Role, rbac.authorization.k8s.io/v1",
    "RoleBinding, rbac.authorization.k8s.io/v1",
    "DaemonSet, apps/v1"
  })
  void refusesNamespacedKindsOutsideTheAllowlist(String kind, String apiVersion) {
    Path file =
        fixtures.writeTemplate(
            "bad",
            """
            apiVersion: %s
            kind: %s
            metadata:
              name: mine
            """
                .formatted(apiVersion, kind));

    assertRefused(
        file, 2, "kind " + kind + " is not allowed in a template (allowed: " + ALLOWED_KINDS + ")");
  }

  @Test
  void refusesAnAllowedKindUnderAnotherApiVersion() {
    Path file =
        fixtures.writeTemplate(
            "bad",
            """
            apiVersion: extensions/v1beta1
            kind: Deployment
            metadata:
              name: web
            """);

    assertRefused(file, 2, "kind Deployment needs apiVersion apps/v1, got extensions/v1beta1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "estran-sample-0001", "${NAMESPACE}-other", "\"\""})
  void refusesANamespaceOtherThanTheSandboxOne(String namespace) {
    Path file =
        fixtures.writeTemplate(
            "bad",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: %s
            """
                .formatted(namespace));

    assertRefused(
        file, 5, "metadata.namespace must be ${NAMESPACE} (or left out), not a fixed namespace");
  }

  @Test
  void acceptsTheSandboxNamespaceWrittenOut() {
    fixtures.writeTemplate(
        "ok",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: ${NAMESPACE}
        """);

    assertThat(loader.load(root).find("ok")).isPresent();
  }

  @Test
  void refusesADocumentWithoutMetadataName() {
    Path file =
        fixtures.writeTemplate(
            "bad",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              labels: {app.kubernetes.io/name: settings}
            """);

    assertRefused(file, 3, "missing metadata.name");
  }

  @Test
  void refusesADocumentWithoutKindAtItsFirstLine() {
    Path file =
        fixtures.writeTemplate(
            "bad",
            """
            # settings

            apiVersion: v1
            metadata:
              name: settings
            """);

    assertRefused(file, 3, "missing kind");
  }

  @Test
  void refusesADocumentThatIsNotAMapping() {
    Path file = fixtures.writeTemplate("bad", "- apiVersion: v1\n");

    assertRefused(
        file, 1, "a manifest document must be a mapping with apiVersion, kind and metadata.name");
  }

  @Test
  void refusesAFieldOfTheWrongShape() {
    Path file =
        fixtures.writeTemplate(
            "bad",
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              labels: [a, b]
            """);

    TemplateException e = loadFailure();

    assertThat(e.file()).isEqualTo(file.toString());
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.reason()).startsWith("not a Kubernetes object: Cannot deserialize value of type");
  }

  @Test
  void refusesADefaultDurationLongerThanTheMaximum() {
    Path file =
        fixtures.write(
            "bad",
            "template.yaml",
            """
            name: bad
            description: Too long by default.
            size: {cpu: 1, memoryGiB: 2, storageGiB: 5}
            defaultDuration: P2D
            maxDuration: PT8H
            """);

    assertRefused(file, 4, "defaultDuration PT48H is longer than maxDuration PT8H");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "defaultDuration: P1M | defaultDuration must be an ISO-8601 duration such as PT8H or P7D,"
            + " got 'P1M'",
        "defaultDuration: PT0S | defaultDuration must be longer than zero, got PT0S",
        "defaultDuration: 8 | defaultDuration must be a non-blank string"
      })
  void refusesAMalformedDuration(String line, String reason) {
    Path file =
        fixtures.write(
            "bad", "template.yaml", descriptor("bad").replace("defaultDuration: PT8H", line));

    assertRefused(file, 4, reason);
  }

  @Test
  void refusesAnUnknownDescriptorKey() {
    Path file =
        fixtures.write("bad", "template.yaml", descriptor("bad") + "owner: someone@example.org\n");

    assertRefused(
        file,
        6,
        "unknown key 'owner' (allowed: name, description, size, defaultDuration, maxDuration,"
            + " dataVolumeGiB)");
  }

  @Test
  void aDataVolumeMakesATemplateTakeDatasets() {
    fixtures.write("data", "template.yaml", descriptor("data") + "dataVolumeGiB: 2\n");
    fixtures.write("data", "settings.yaml", configMap("settings"));

    assertThat(loader.load(root).find("data").orElseThrow().dataVolumeGiB()).isEqualTo(2);
    assertThat(loader.load(root).find("data").orElseThrow().takesDatasets()).isTrue();
  }

  @Test
  void refusesADataVolumeThatIsNotAWholePositiveNumberOfGiB() {
    Path file = fixtures.write("bad", "template.yaml", descriptor("bad") + "dataVolumeGiB: 1.5\n");

    assertRefused(file, 6, "dataVolumeGiB must be a whole number of GiB above zero");
  }

  @Test
  void refusesADataVolumeThatLeavesNoStorage() {
    Path file = fixtures.write("bad", "template.yaml", descriptor("bad") + "dataVolumeGiB: 5\n");

    assertRefused(file, 6, "dataVolumeGiB 5 must be less than size.storageGiB, which counts it");
  }

  @Test
  void refusesAnUnknownSizeKey() {
    Path file =
        fixtures.write(
            "bad",
            "template.yaml",
            descriptor("bad").replace("storageGiB: 5}", "storageGiB: 5, gpu: 1}"));

    assertRefused(file, 3, "unknown key 'size.gpu' (allowed: cpu, memoryGiB, storageGiB)");
  }

  @Test
  void refusesASizeThatIsNotPositive() {
    Path file =
        fixtures.write(
            "bad", "template.yaml", descriptor("bad").replace("memoryGiB: 2", "memoryGiB: 0"));

    assertRefused(file, 3, "size.memoryGiB must be a number greater than zero, got 0");
  }

  @Test
  void refusesAMissingDescription() {
    Path file =
        fixtures.write(
            "bad",
            "template.yaml",
            descriptor("bad").replace("description: A template for tests.\n", ""));

    TemplateException e = loadFailure();

    assertThat(e.getMessage()).isEqualTo(file + ": missing key 'description'");
    assertThat(e.line()).isZero();
  }

  @Test
  void refusesANameOtherThanTheDirectoryName() {
    Path file = fixtures.write("bad", "template.yaml", descriptor("good"));

    assertRefused(file, 1, "name 'good' must equal the directory name 'bad'");
  }

  @Test
  void refusesANameThatIsNotAShortDnsLabel() {
    String name = "a".repeat(41);
    Path file = fixtures.write(name, "template.yaml", descriptor(name));

    assertRefused(
        file,
        1,
        "name '"
            + name
            + "' must be a DNS label (lower-case letters, digits and '-') of at most 40"
            + " characters");
  }

  @Test
  void reportsTheFirstBrokenTemplateInNameOrder() {
    fixtures.writeTemplate("a-good", configMap("settings"));
    Path first = fixtures.writeTemplate("b-bad", configMap("settings") + "  x: ${X}\n");
    fixtures.writeTemplate("c-bad", "kind: Namespace\n");

    assertThat(loadFailure().file()).isEqualTo(first.toString());
  }
}
