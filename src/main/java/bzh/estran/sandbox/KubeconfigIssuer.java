package bzh.estran.sandbox;

import bzh.estran.auth.core.Principal;
import bzh.estran.errors.Conflict;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.Problem;
import bzh.estran.errors.Unavailable;
import bzh.estran.kube.ClusterEndpoint;
import bzh.estran.kube.KubeGateway;
import bzh.estran.kube.core.Kubeconfig;
import bzh.estran.kube.core.KubeconfigRequest;
import bzh.estran.kube.core.SandboxNames;
import bzh.estran.sandbox.core.Durations;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxAccess;
import bzh.estran.sandbox.core.SandboxState;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Kubeconfigs for a sandbox's owner: a bound token of the sandbox's ServiceAccount, asked to expire
 * with the sandbox. The ServiceAccount goes with the namespace at expiry, which voids the token
 * even where the API server's 10-minute minimum made it outlive the sandbox.
 */
public final class KubeconfigIssuer {

  private final Jdbi jdbi;
  private final KubeGateway kube;
  private final Clock clock;
  private final Kubeconfig kubeconfigRenderer = new Kubeconfig();

  public KubeconfigIssuer(Jdbi jdbi, KubeGateway kube, Clock clock) {
    this.jdbi = jdbi;
    this.kube = kube;
    this.clock = clock;
  }

  /** The kubeconfig YAML; only for the owner, only while the sandbox is READY. */
  public String kubeconfig(Principal caller, UUID id) {
    Sandbox sandbox =
        jdbi.withExtension(SandboxDao.class, dao -> SandboxService.visible(dao, caller, id));
    if (!SandboxAccess.canUseCredentials(caller, sandbox)) {
      throw new Forbidden("Only the owner of a sandbox may download its kubeconfig.");
    }
    if (sandbox.state() != SandboxState.READY) {
      throw new Conflict(
          Problem.of(
              "kubeconfig_not_ready",
              "The sandbox is {0}; a kubeconfig is available while it is READY.",
              Problem.word("state." + sandbox.state(), sandbox.state().toString())));
    }
    Duration left = Duration.between(clock.instant(), sandbox.expiresAt());
    Duration ttl = left.compareTo(Durations.MINIMUM) < 0 ? Durations.MINIMUM : left;
    try {
      String token = kube.requestToken(sandbox.namespace(), SandboxNames.USER, ttl);
      ClusterEndpoint endpoint = kube.endpoint();
      return kubeconfigRenderer.render(
          new KubeconfigRequest(
              sandbox.id(),
              sandbox.name(),
              endpoint.serverUrl(),
              endpoint.certificateAuthorityData(),
              endpoint.insecureSkipTlsVerify(),
              sandbox.namespace(),
              sandbox.ownerEmail(),
              token,
              sandbox.expiresAt()));
    } catch (KubernetesClientException e) {
      throw new Unavailable("The cluster did not issue a token: " + SandboxReconciler.reason(e));
    }
  }
}
