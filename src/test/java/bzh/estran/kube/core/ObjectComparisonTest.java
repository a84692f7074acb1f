package bzh.estran.kube.core;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.catalog.core.Size;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Desired objects as Estran builds them, against what a kube-apiserver answers for them: defaults,
 * canonical quantities, status and server metadata added.
 */
class ObjectComparisonTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void aQuotaAsTheApiServerAnswersItSatisfiesTheDesiredOne() {
    Map<String, Object> desired = tree(SandboxObjects.resourceQuota(sandbox("0.5", "1.5", "10")));
    Map<String, Object> observed = tree(SandboxObjects.resourceQuota(sandbox("0.5", "1.5", "10")));
    serverMetadata(observed);
    Map<String, Object> hard = spec(observed, "hard");
    // kube-apiserver's canonical forms of 500m and 1536Mi are the same; write them otherwise
    hard.put("requests.cpu", "0.5");
    hard.put("limits.memory", "1610612736");
    observed.put("status", Map.of("hard", hard, "used", Map.of("pods", "3")));

    assertThat(ObjectComparison.difference(observed, desired)).isEmpty();
  }

  @Test
  void aQuotaEditedByHandDiffersAtTheEditedField() {
    Map<String, Object> desired = tree(SandboxObjects.resourceQuota(sandbox("1", "2", "10")));
    Map<String, Object> observed = tree(SandboxObjects.resourceQuota(sandbox("1", "2", "10")));
    spec(observed, "hard").put("limits.cpu", "64");

    assertThat(ObjectComparison.difference(observed, desired))
        .hasValueSatisfying(
            difference ->
                assertThat(difference).startsWith("spec.hard.limits.cpu: wanted 1, found 64"));
  }

  @Test
  void quantitiesAreComparedByAmountOnlyInResourceLists() {
    Map<String, Object> desired =
        Map.of(
            "spec", Map.of("hard", Map.of("cpu", "1000m", "memory", "1Gi")),
            "data", Map.of("cpu", "1000m"));
    Map<String, Object> sameAmounts =
        Map.of(
            "spec", Map.of("hard", Map.of("cpu", "1", "memory", "1073741824")),
            "data", Map.of("cpu", "1000m"));
    Map<String, Object> textChanged =
        Map.of(
            "spec", Map.of("hard", Map.of("cpu", "1", "memory", "1073741824")),
            "data", Map.of("cpu", "1"));

    assertThat(ObjectComparison.satisfies(sameAmounts, desired)).isTrue();
    assertThat(ObjectComparison.difference(textChanged, desired))
        .hasValueSatisfying(d -> assertThat(d).startsWith("data.cpu"));
  }

  @Test
  void aNetworkPolicyWithServerDefaultsSatisfiesItButNotWithARuleAdded() {
    HasMetadata policy =
        SandboxNetworkPolicies.egressIsolation(sandbox("1", "2", "10"), List.of("10.0.0.0/8"));
    Map<String, Object> desired = tree(policy);
    Map<String, Object> observed = tree(policy);
    serverMetadata(observed);
    @SuppressWarnings("unchecked")
    List<Object> egress = (List<Object>) ((Map<String, Object>) observed.get("spec")).get("egress");
    @SuppressWarnings("unchecked")
    Map<String, Object> firstRule = (Map<String, Object>) egress.get(0);
    firstRule.put("ports", List.of(Map.of("protocol", "TCP", "port", 53)));
    assertThat(ObjectComparison.difference(observed, desired))
        .as("a field Estran does not set, given a value")
        .isEmpty();

    egress.add(Map.of("to", List.of(Map.of("ipBlock", Map.of("cidr", "10.0.0.0/8")))));

    assertThat(ObjectComparison.difference(observed, desired))
        .hasValueSatisfying(d -> assertThat(d).startsWith("spec.egress: wanted"));
  }

  @Test
  void labelsOthersAddAreIgnoredButEstransMustStay() {
    Map<String, Object> desired = tree(SandboxObjects.namespace(sandbox("1", "2", "10")));
    Map<String, Object> observed = tree(SandboxObjects.namespace(sandbox("1", "2", "10")));
    serverMetadata(observed);
    labels(observed).put("kubernetes.io/metadata.name", TestSandboxes.NAMESPACE);
    assertThat(ObjectComparison.satisfies(observed, desired)).isTrue();

    labels(observed).remove("pod-security.kubernetes.io/enforce");

    assertThat(ObjectComparison.difference(observed, desired))
        .hasValueSatisfying(
            d ->
                assertThat(d)
                    .startsWith("metadata.labels.pod-security.kubernetes.io/enforce: wanted"));
  }

  @Test
  void aSecretsStringDataIsComparedWithWhatTheServerMadeOfItWithoutSayingTheValue() {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("loader-token")
            .endMetadata()
            .withType("Opaque")
            .withStringData(Map.of("token", "s3cret"))
            .build();
    Map<String, Object> desired = tree(secret);
    Map<String, Object> observed = new LinkedHashMap<>(tree(secret));
    observed.remove("stringData");
    observed.put("data", Map.of("token", base64("s3cret")));
    assertThat(ObjectComparison.satisfies(observed, desired)).isTrue();

    observed.put("data", Map.of("token", base64("other")));

    assertThat(ObjectComparison.difference(observed, desired))
        .hasValue("stringData.token: differs");
  }

  @Test
  void anEmptyDesiredSelectorIsSatisfiedByAnAbsentOneAndNumbersByValue() {
    Map<String, Object> desired =
        Map.of("spec", Map.of("podSelector", Map.of(), "replicas", 1, "port", 8080));
    Map<String, Object> observed = Map.of("spec", Map.of("replicas", 1L, "port", "8080"));

    assertThat(ObjectComparison.satisfies(observed, desired)).isTrue();
    assertThat(ObjectComparison.satisfies(Map.of(), desired)).isFalse();
  }

  @Test
  void theFingerprintIgnoresOrderAndItsOwnAnnotationButNotContent() {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("metadata", Map.of("annotations", Map.of("a", "1", "digest", "x")));
    one.put("spec", Map.of("b", 2, "c", List.of("d")));
    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put("spec", new LinkedHashMap<>(Map.of("c", List.of("d"), "b", 2)));
    reordered.put("metadata", Map.of("annotations", Map.of("digest", "y", "a", "1")));
    Map<String, Object> changed = new LinkedHashMap<>(reordered);
    changed.put("spec", Map.of("c", List.of("e"), "b", 2));

    String digest = ObjectComparison.fingerprint(one, "digest");
    assertThat(digest).hasSize(16);
    assertThat(ObjectComparison.fingerprint(reordered, "digest")).isEqualTo(digest);
    assertThat(ObjectComparison.fingerprint(changed, "digest")).isNotEqualTo(digest);
  }

  private static bzh.estran.sandbox.core.Sandbox sandbox(String cpu, String memory, String disk) {
    return TestSandboxes.sandbox(Size.of(cpu, memory, disk));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> tree(Object object) {
    return JSON.unmarshal(JSON.asJson(object), Map.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(Map<String, Object> object, String field) {
    return (Map<String, Object>) ((Map<String, Object>) object.get("spec")).get(field);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> labels(Map<String, Object> object) {
    return (Map<String, Object>) ((Map<String, Object>) object.get("metadata")).get("labels");
  }

  /** What kube-apiserver adds to every object's metadata. */
  @SuppressWarnings("unchecked")
  private static void serverMetadata(Map<String, Object> object) {
    Map<String, Object> meta = (Map<String, Object>) object.get("metadata");
    meta.put("uid", "5d2c0c3e-0000-4000-8000-000000000001");
    meta.put("resourceVersion", "4711");
    meta.put("creationTimestamp", "2026-12-02T05:00:00Z");
    meta.put(
        "managedFields",
        new ArrayList<>(List.of(Map.of("manager", "estran", "operation", "Apply"))));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
