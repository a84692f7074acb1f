package bzh.estran.kube.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Renders the kubeconfig a user downloads for a sandbox: one cluster, one user with a bearer token,
 * one context defaulting to the sandbox namespace, and the token's expiry in a leading comment.
 */
public final class Kubeconfig {

  private final YAMLMapper yaml =
      YAMLMapper.builder()
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .changeDefaultPropertyInclusion(
              inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_EMPTY))
          .build();

  /** The kubeconfig YAML, starting with {@code # expires <ISO instant>}. */
  public String render(KubeconfigRequest request) {
    return "# expires "
        + request.expiresAt()
        + "\n# Estran sandbox "
        + request.namespace()
        + ": the token stops working at that moment.\n"
        + yaml.writeValueAsString(config(request));
  }

  /** The kubeconfig as Fabric8's model. The context is named after the namespace. */
  public Config config(KubeconfigRequest request) {
    String contextName = request.namespace();
    return new ConfigBuilder()
        .withApiVersion("v1")
        .withKind("Config")
        .addNewCluster()
        .withName(request.clusterName())
        .withNewCluster()
        .withServer(request.serverUrl())
        .withCertificateAuthorityData(request.certificateAuthorityData())
        .withInsecureSkipTlsVerify(request.insecureSkipTlsVerify() ? Boolean.TRUE : null)
        .endCluster()
        .endCluster()
        .addNewUser()
        .withName(request.userName())
        .withNewUser()
        .withToken(request.token())
        .endUser()
        .endUser()
        .addNewContext()
        .withName(contextName)
        .withNewContext()
        .withCluster(request.clusterName())
        .withUser(request.userName())
        .withNamespace(request.namespace())
        .endContext()
        .endContext()
        .withCurrentContext(contextName)
        .build();
  }
}
