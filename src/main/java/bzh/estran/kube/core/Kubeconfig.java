package bzh.estran.kube.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Renders the kubeconfig a user downloads for a sandbox: one cluster, one user with a bearer token,
 * one context defaulting to the sandbox namespace, all three named after the sandbox, and the
 * token's expiry in a leading comment and in the context's extension.
 */
public final class Kubeconfig {

  private final YAMLMapper yaml =
      YAMLMapper.builder()
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .changeDefaultPropertyInclusion(
              inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_EMPTY))
          .build();

  /**
   * The kubeconfig YAML, starting with {@code # expires <ISO instant>} and a comment naming the
   * sandbox.
   */
  public String render(KubeconfigRequest request) {
    return "# expires "
        + request.expiresAt()
        + "\n# Estran sandbox "
        + request.sandboxName()
        + " ("
        + request.namespace()
        + ") of "
        + request.owner()
        + ": the token stops working at that moment.\n"
        + yaml.writeValueAsString(config(request));
  }

  /**
   * The kubeconfig as Fabric8's model. Cluster, user and context share one name unique per sandbox
   * ({@link KubeconfigRequest#entryName()}); the context is current, defaults to the namespace and
   * carries the sandbox's id, name, namespace and expiry as the {@value
   * SandboxNames#KUBECONFIG_EXTENSION} extension.
   */
  public Config config(KubeconfigRequest request) {
    String name = request.entryName();
    return new ConfigBuilder()
        .withApiVersion("v1")
        .withKind("Config")
        .addNewCluster()
        .withName(name)
        .withNewCluster()
        .withServer(request.serverUrl())
        .withCertificateAuthorityData(request.certificateAuthorityData())
        .withInsecureSkipTlsVerify(request.insecureSkipTlsVerify() ? Boolean.TRUE : null)
        .endCluster()
        .endCluster()
        .addNewUser()
        .withName(name)
        .withNewUser()
        .withToken(request.token())
        .endUser()
        .endUser()
        .addNewContext()
        .withName(name)
        .withNewContext()
        .withCluster(name)
        .withUser(name)
        .withNamespace(request.namespace())
        .addNewExtension()
        .withName(SandboxNames.KUBECONFIG_EXTENSION)
        .withExtension(extension(request))
        .endExtension()
        .endContext()
        .endContext()
        .withCurrentContext(name)
        .build();
  }

  private static Map<String, String> extension(KubeconfigRequest request) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("id", request.sandboxId().toString());
    fields.put("name", request.sandboxName());
    fields.put("namespace", request.namespace());
    fields.put("expiresAt", request.expiresAt().toString());
    return fields;
  }
}
