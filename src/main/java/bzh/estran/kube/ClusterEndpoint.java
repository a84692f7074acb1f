package bzh.estran.kube;

/** How users reach the cluster: what a kubeconfig needs besides the token. */
public record ClusterEndpoint(
    String serverUrl, String certificateAuthorityData, boolean insecureSkipTlsVerify) {}
