package bzh.estran.kube.core;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a sandbox kubeconfig holds.
 *
 * @param sandboxId the sandbox's id
 * @param sandboxName the sandbox's name, e.g. {@code tp-kube}
 * @param serverUrl API server URL, e.g. {@code https://k8s.example.org:6443}
 * @param certificateAuthorityData base64 of the cluster CA bundle; null to trust the system CAs
 * @param insecureSkipTlsVerify skip TLS verification (dev only); then the CA is dropped, since
 *     kubectl refuses a kubeconfig naming both
 * @param namespace the sandbox namespace, the context's default
 * @param owner the owner's e-mail, written in the leading comment
 * @param token the bearer token
 * @param expiresAt when the token stops working
 */
public record KubeconfigRequest(
    UUID sandboxId,
    String sandboxName,
    String serverUrl,
    String certificateAuthorityData,
    boolean insecureSkipTlsVerify,
    String namespace,
    String owner,
    String token,
    Instant expiresAt) {

  public KubeconfigRequest {
    Objects.requireNonNull(sandboxId, "sandboxId");
    requireText(sandboxName, "sandboxName");
    requireText(serverUrl, "serverUrl");
    requireText(namespace, "namespace");
    requireText(owner, "owner");
    requireText(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (insecureSkipTlsVerify
        || (certificateAuthorityData != null && certificateAuthorityData.isBlank())) {
      certificateAuthorityData = null;
    }
  }

  /**
   * The name of the cluster, user and context entries: {@code estran-<sandbox name>-<first 8 hex
   * digits of its id>}, unique per sandbox, so that merging two sandboxes' kubeconfigs keeps each
   * context with its own token.
   */
  public String entryName() {
    return SandboxNames.kubeconfigEntry(sandboxName, sandboxId);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
