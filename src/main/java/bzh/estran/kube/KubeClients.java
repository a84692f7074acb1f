package bzh.estran.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Optional;

/** Builds the Fabric8 client Estran uses. */
public final class KubeClients {

  private KubeClients() {}

  /**
   * A client of {@code apiUrl} when given, else of what KUBECONFIG, ~/.kube/config or the
   * in-cluster service account says. The client's own retries are off: {@link KubeRetry} does them,
   * honouring Retry-After.
   */
  public static KubernetesClient create(Optional<String> apiUrl, int maxInFlight) {
    Config config = Config.autoConfigure(null);
    apiUrl.ifPresent(config::setMasterUrl);
    config.setMaxConcurrentRequests(maxInFlight);
    config.setMaxConcurrentRequestsPerHost(maxInFlight);
    config.setRequestRetryBackoffLimit(0);
    keepWithoutToken(config);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * A configuration that authenticates without a token (a client certificate, or nothing) is kept
   * as it was read. Fabric8 8.0's token refresh, once a minute has passed since the client was
   * built, reads and parses the kubeconfig again before a request, and notes the time of that
   * refresh only when it finds a token: without one it did so before <em>every</em> request, a
   * third of the CPU of Estran's Kubernetes calls in a class rush (docs/benchmarks.md). A provider
   * that answers "no token" takes the place of that search. Configurations with a token (a service
   * account's, one an exec plugin or an auth provider gives) are left as they are: their token is
   * refreshed as before.
   */
  static void keepWithoutToken(Config config) {
    boolean tokenless =
        isEmpty(config.getOauthToken())
            && isEmpty(config.getAutoOAuthToken())
            && config.getOauthTokenProvider() == null
            && config.getAuthProvider() == null
            && isEmpty(config.getUsername());
    if (tokenless) {
      config.setOauthTokenProvider(() -> null);
    }
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isEmpty();
  }
}
