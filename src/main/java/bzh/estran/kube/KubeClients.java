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
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
