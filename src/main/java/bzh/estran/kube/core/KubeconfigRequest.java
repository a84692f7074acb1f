package bzh.estran.kube.core;

import java.time.Instant;
import java.util.Objects;

/**
 * What a sandbox kubeconfig holds.
 *
 * @param clusterName name of the cluster entry
 * @param serverUrl API server URL, e.g. {@code https://k8s.example.org:6443}
 * @param certificateAuthorityData base64 of the cluster CA bundle; null to trust the system CAs
 * @param insecureSkipTlsVerify skip TLS verification (dev only); then the CA is dropped, since
 *     kubectl refuses a kubeconfig naming both
 * @param namespace the sandbox namespace, the context's default
 * @param userName name of the user entry
 * @param token the bearer token
 * @param expiresAt when the token stops working
 */
public record KubeconfigRequest(
    String clusterName,
    String serverUrl,
    String certificateAuthorityData,
    boolean insecureSkipTlsVerify,
    String namespace,
    String userName,
    String token,
    Instant expiresAt) {

  public KubeconfigRequest {
    requireText(clusterName, "clusterName");
    requireText(serverUrl, "serverUrl");
    requireText(namespace, "namespace");
    requireText(userName, "userName");
    requireText(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (insecureSkipTlsVerify
        || (certificateAuthorityData != null && certificateAuthorityData.isBlank())) {
      certificateAuthorityData = null;
    }
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
