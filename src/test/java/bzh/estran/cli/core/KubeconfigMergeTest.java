package bzh.estran.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.cli.core.KubeconfigMerge.SandboxContext;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class KubeconfigMergeTest {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private static final String EXISTING =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: work
        cluster: {server: "https://work.example:6443", certificate-authority-data: "Q0E="}
      users:
      - name: me
        user:
          exec: {apiVersion: client.authentication.k8s.io/v1, command: work-login}
      contexts:
      - name: work
        context: {cluster: work, user: me, namespace: team}
      current-context: work
      preferences: {colors: true}
      """;

  private static String sandbox(String id, String name, String token, String expiresAt) {
    String entry = "estran-" + name + "-" + id.substring(0, 8);
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster: {server: "https://k8s.estran.bzh:6443"}
        users:
        - name: %1$s
          user: {token: "%2$s"}
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: sbx-%3$s
            extensions:
            - name: estran.bzh/sandbox
              extension: {id: "%4$s", name: "%5$s", namespace: "sbx-%3$s", expiresAt: "%6$s"}
        current-context: %1$s
        """
        .formatted(entry, token, id.substring(0, 12), id, name, expiresAt);
  }

  private static final String A = "0f8c2e1a-9b3d-4c5e-8f70-112233445566";
  private static final String B = "7d59b42e-1111-4222-8333-944455556666";

  @Test
  void merging_keeps_what_was_there_and_switches_to_the_sandbox() {
    ObjectNode config = (ObjectNode) YAML.readTree(EXISTING);

    KubeconfigMerge.merge(
        config, YAML.readTree(sandbox(A, "tp", "token-a", "2026-03-09T09:00:00Z")));

    assertThat(config.get("current-context").asString()).isEqualTo("estran-tp-0f8c2e1a");
    assertThat(config.get("contexts").size()).isEqualTo(2);
    assertThat(config.at("/users/0/user/exec/command").asString()).isEqualTo("work-login");
    assertThat(config.at("/clusters/0/cluster/certificate-authority-data").asString())
        .isEqualTo("Q0E=");
    assertThat(config.at("/preferences/colors").asBoolean()).isTrue();
  }

  @Test
  void merging_the_same_sandbox_again_replaces_its_entries() {
    ObjectNode config = (ObjectNode) YAML.readTree(EXISTING);
    KubeconfigMerge.merge(config, YAML.readTree(sandbox(A, "tp", "old", "2026-03-09T09:00:00Z")));

    KubeconfigMerge.merge(config, YAML.readTree(sandbox(A, "tp", "new", "2026-03-09T11:00:00Z")));

    assertThat(config.get("users").size()).isEqualTo(2);
    assertThat(config.at("/users/1/user/token").asString()).isEqualTo("new");
    assertThat(KubeconfigMerge.sandboxContexts(config))
        .extracting(SandboxContext::expiresAt)
        .containsExactly(java.util.Optional.of(Instant.parse("2026-03-09T11:00:00Z")));
  }

  @Test
  void two_sandboxes_keep_their_own_tokens() {
    ObjectNode config = (ObjectNode) YAML.readTree(EXISTING);
    KubeconfigMerge.merge(
        config, YAML.readTree(sandbox(A, "tp", "token-a", "2026-03-09T09:00:00Z")));
    KubeconfigMerge.merge(
        config, YAML.readTree(sandbox(B, "tp", "token-b", "2026-03-09T09:00:00Z")));

    for (JsonNode context : config.get("contexts")) {
      String user = context.at("/context/user").asString();
      String token = "";
      for (JsonNode entry : config.get("users")) {
        if (entry.get("name").asString().equals(user)) {
          token = entry.at("/user/token").asString();
        }
      }
      String name = context.get("name").asString();
      if (name.endsWith(A.substring(0, 8))) {
        assertThat(token).isEqualTo("token-a");
      } else if (name.endsWith(B.substring(0, 8))) {
        assertThat(token).isEqualTo("token-b");
      }
    }
    assertThat(KubeconfigMerge.sandboxContexts(config)).hasSize(2);
  }

  @Test
  void removing_expired_sandboxes_leaves_the_others_and_clears_a_dangling_current_context() {
    ObjectNode config = (ObjectNode) YAML.readTree(EXISTING);
    KubeconfigMerge.merge(config, YAML.readTree(sandbox(A, "old", "a", "2026-03-09T09:00:00Z")));
    KubeconfigMerge.merge(config, YAML.readTree(sandbox(B, "new", "b", "2026-03-10T09:00:00Z")));
    config.put("current-context", "estran-old-0f8c2e1a");

    var removed =
        KubeconfigMerge.remove(config, c -> c.expiredAt(Instant.parse("2026-03-09T12:00:00Z")));

    assertThat(removed).extracting(SandboxContext::context).containsExactly("estran-old-0f8c2e1a");
    assertThat(names(config, "contexts")).containsExactly("work", "estran-new-7d59b42e");
    assertThat(names(config, "users")).containsExactly("me", "estran-new-7d59b42e");
    assertThat(names(config, "clusters")).containsExactly("work", "estran-new-7d59b42e");
    assertThat(config.get("current-context").asString()).isEmpty();
  }

  private static java.util.List<String> names(JsonNode config, String section) {
    java.util.List<String> names = new java.util.ArrayList<>();
    config.get(section).forEach(entry -> names.add(entry.get("name").asString()));
    return names;
  }

  @Test
  void a_kubeconfig_without_sandboxes_is_left_alone() {
    ObjectNode config = (ObjectNode) YAML.readTree(EXISTING);

    assertThat(KubeconfigMerge.remove(config, c -> true)).isEmpty();
    assertThat(config).isEqualTo(YAML.readTree(EXISTING));
  }
}
