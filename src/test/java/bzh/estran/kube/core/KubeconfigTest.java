package bzh.estran.kube.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class KubeconfigTest {

  private static final Instant EXPIRES_AT = Instant.parse("2026-03-09T09:00:00Z");
  private static final UUID SANDBOX = UUID.fromString("0f8c2e1a-9b3d-4c5e-8f70-112233445566");
  private static final String ENTRY = "estran-tp-kube-0f8c2e1a";

  private final Kubeconfig kubeconfig = new Kubeconfig();
  private final YAMLMapper yaml = YAMLMapper.builder().build();

  @Test
  void starts_with_the_expiry_in_a_comment() {
    String rendered = kubeconfig.render(request("TFMwdExTMUNSVWRKVGlCRFJWSlU=", false));

    assertThat(rendered).startsWith("# expires 2026-03-09T09:00:00Z\n");
  }

  @Test
  void parses_back_with_the_keys_kubectl_expects() {
    JsonNode config =
        yaml.readTree(kubeconfig.render(request("TFMwdExTMUNSVWRKVGlCRFJWSlU=", false)));

    assertThat(config.get("apiVersion").asString()).isEqualTo("v1");
    assertThat(config.get("kind").asString()).isEqualTo("Config");
    assertThat(config.get("current-context").asString()).isEqualTo(ENTRY);

    JsonNode cluster = config.get("clusters").get(0);
    assertThat(config.get("clusters").size()).isEqualTo(1);
    assertThat(cluster.get("name").asString()).isEqualTo(ENTRY);
    assertThat(cluster.at("/cluster/server").asString()).isEqualTo("https://k8s.estran.bzh:6443");
    assertThat(cluster.at("/cluster/certificate-authority-data").asString())
        .isEqualTo("TFMwdExTMUNSVWRKVGlCRFJWSlU=");
    assertThat(cluster.at("/cluster").has("insecure-skip-tls-verify")).isFalse();

    JsonNode user = config.get("users").get(0);
    assertThat(config.get("users").size()).isEqualTo(1);
    assertThat(user.get("name").asString()).isEqualTo(ENTRY);
    assertThat(user.at("/user/token").asString())
        .isEqualTo("eyJhbGciOiJSUzI1NiJ9.payload.signature");
    assertThat(user.get("user").propertyNames()).containsExactly("token");

    JsonNode context = config.get("contexts").get(0);
    assertThat(config.get("contexts").size()).isEqualTo(1);
    assertThat(context.get("name").asString()).isEqualTo(ENTRY);
    assertThat(context.at("/context/cluster").asString()).isEqualTo(ENTRY);
    assertThat(context.at("/context/user").asString()).isEqualTo(ENTRY);
    assertThat(context.at("/context/namespace").asString()).isEqualTo("sbx-0f8c2e1a9b3d");
    JsonNode extension = context.at("/context/extensions/0");
    assertThat(extension.get("name").asString()).isEqualTo("estran.bzh/sandbox");
    assertThat(extension.at("/extension/id").asString()).isEqualTo(SANDBOX.toString());
    assertThat(extension.at("/extension/name").asString()).isEqualTo("tp-kube");
    assertThat(extension.at("/extension/namespace").asString()).isEqualTo("sbx-0f8c2e1a9b3d");
    assertThat(extension.at("/extension/expiresAt").asString()).isEqualTo("2026-03-09T09:00:00Z");
  }

  @Test
  void names_the_sandbox_and_its_owner_in_the_leading_comment() {
    assertThat(kubeconfig.render(request(null, false)))
        .contains("\n# Estran sandbox tp-kube (sbx-0f8c2e1a9b3d) of ana@univ-ubs.fr: ");
  }

  @Test
  void two_sandboxes_of_one_owner_merge_without_sharing_a_user_entry() {
    KubeconfigRequest first = request(null, false);
    KubeconfigRequest second =
        new KubeconfigRequest(
            UUID.fromString("7d59b42e-1111-4222-8333-944455556666"),
            "tp-kube",
            "https://k8s.estran.bzh:6443",
            null,
            false,
            "sbx-7d59b42e1111",
            "ana@univ-ubs.fr",
            "second-token",
            EXPIRES_AT);

    // kubectl's merge (KUBECONFIG=a:b): entries are keyed by name, the first file's entry wins.
    Map<String, String> tokenOfUser = new LinkedHashMap<>();
    Map<String, String> userOfContext = new LinkedHashMap<>();
    for (KubeconfigRequest request : List.of(first, second)) {
      JsonNode config = yaml.readTree(kubeconfig.render(request));
      config
          .get("users")
          .forEach(
              user ->
                  tokenOfUser.putIfAbsent(
                      user.get("name").asString(), user.at("/user/token").asString()));
      config
          .get("contexts")
          .forEach(
              context ->
                  userOfContext.putIfAbsent(
                      context.get("name").asString(), context.at("/context/user").asString()));
    }

    assertThat(userOfContext).hasSize(2);
    assertThat(tokenOfUser.get(userOfContext.get("estran-tp-kube-0f8c2e1a")))
        .isEqualTo("eyJhbGciOiJSUzI1NiJ9.payload.signature");
    assertThat(tokenOfUser.get(userOfContext.get("estran-tp-kube-7d59b42e")))
        .isEqualTo("second-token");
  }

  @Test
  void writes_only_the_fields_that_are_set() {
    JsonNode config = yaml.readTree(kubeconfig.render(request(null, false)));

    assertThat(config.propertyNames())
        .containsExactlyInAnyOrder(
            "apiVersion", "kind", "clusters", "users", "contexts", "current-context");
    assertThat(config.at("/clusters/0/cluster").propertyNames()).containsExactly("server");
  }

  @Test
  void insecure_skip_tls_verify_is_written_as_a_boolean_when_asked() {
    JsonNode config = yaml.readTree(kubeconfig.render(request(null, true)));

    assertThat(config.at("/clusters/0/cluster/insecure-skip-tls-verify").isBoolean()).isTrue();
    assertThat(config.at("/clusters/0/cluster/insecure-skip-tls-verify").asBoolean()).isTrue();
  }

  @Test
  void skipping_verification_drops_the_certificate_authority_as_kubectl_refuses_both() {
    JsonNode config =
        yaml.readTree(kubeconfig.render(request("TFMwdExTMUNSVWRKVGlCRFJWSlU=", true)));

    assertThat(config.at("/clusters/0/cluster").propertyNames())
        .containsExactlyInAnyOrder("server", "insecure-skip-tls-verify");
  }

  @Test
  void refuses_a_blank_token() {
    assertThatThrownBy(
            () ->
                new KubeconfigRequest(
                    SANDBOX,
                    "tp-kube",
                    "https://k8s.estran.bzh:6443",
                    null,
                    false,
                    "sbx-0f8c2e1a9b3d",
                    "ana@univ-ubs.fr",
                    " ",
                    EXPIRES_AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token");
  }

  private static KubeconfigRequest request(String certificateAuthorityData, boolean insecure) {
    return new KubeconfigRequest(
        SANDBOX,
        "tp-kube",
        "https://k8s.estran.bzh:6443",
        certificateAuthorityData,
        insecure,
        "sbx-0f8c2e1a9b3d",
        "ana@univ-ubs.fr",
        "eyJhbGciOiJSUzI1NiJ9.payload.signature",
        EXPIRES_AT);
  }
}
