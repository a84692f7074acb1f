package bzh.estran.kube.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class KubeconfigTest {

  private static final Instant EXPIRES_AT = Instant.parse("2026-03-09T09:00:00Z");

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
    assertThat(config.get("current-context").asString()).isEqualTo("sbx-0f8c2e1a9b3d");

    JsonNode cluster = config.get("clusters").get(0);
    assertThat(config.get("clusters").size()).isEqualTo(1);
    assertThat(cluster.get("name").asString()).isEqualTo("estran-rennes");
    assertThat(cluster.at("/cluster/server").asString()).isEqualTo("https://k8s.estran.bzh:6443");
    assertThat(cluster.at("/cluster/certificate-authority-data").asString())
        .isEqualTo("TFMwdExTMUNSVWRKVGlCRFJWSlU=");
    assertThat(cluster.at("/cluster").has("insecure-skip-tls-verify")).isFalse();

    JsonNode user = config.get("users").get(0);
    assertThat(config.get("users").size()).isEqualTo(1);
    assertThat(user.get("name").asString()).isEqualTo("ana");
    assertThat(user.at("/user/token").asString())
        .isEqualTo("eyJhbGciOiJSUzI1NiJ9.payload.signature");
    assertThat(user.get("user").propertyNames()).containsExactly("token");

    JsonNode context = config.get("contexts").get(0);
    assertThat(config.get("contexts").size()).isEqualTo(1);
    assertThat(context.get("name").asString()).isEqualTo("sbx-0f8c2e1a9b3d");
    assertThat(context.at("/context/cluster").asString()).isEqualTo("estran-rennes");
    assertThat(context.at("/context/user").asString()).isEqualTo("ana");
    assertThat(context.at("/context/namespace").asString()).isEqualTo("sbx-0f8c2e1a9b3d");
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
                    "estran-rennes",
                    "https://k8s.estran.bzh:6443",
                    null,
                    false,
                    "sbx-0f8c2e1a9b3d",
                    "ana",
                    " ",
                    EXPIRES_AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("token");
  }

  private static KubeconfigRequest request(String certificateAuthorityData, boolean insecure) {
    return new KubeconfigRequest(
        "estran-rennes",
        "https://k8s.estran.bzh:6443",
        certificateAuthorityData,
        insecure,
        "sbx-0f8c2e1a9b3d",
        "ana",
        "eyJhbGciOiJSUzI1NiJ9.payload.signature",
        EXPIRES_AT);
  }
}
