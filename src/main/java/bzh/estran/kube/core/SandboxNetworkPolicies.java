package bzh.estran.kube.core;

import bzh.estran.sandbox.core.Sandbox;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.List;

/** The two NetworkPolicies that keep sandboxes from reaching one another. */
final class SandboxNetworkPolicies {

  static final String ANYWHERE = "0.0.0.0/0";

  private SandboxNetworkPolicies() {}

  static List<NetworkPolicy> of(Sandbox sandbox, List<String> egressExceptCidrs) {
    return List.of(ingressIsolation(sandbox), egressIsolation(sandbox, egressExceptCidrs));
  }

  /** Every pod accepts traffic only from pods of its own namespace. */
  static NetworkPolicy ingressIsolation(Sandbox sandbox) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(SandboxNames.INGRESS_ISOLATION)
        .withNamespace(SandboxNames.namespaceOf(sandbox))
        .withLabels(SandboxLabels.of(sandbox))
        .endMetadata()
        .withNewSpec()
        .withPodSelector(everyPod())
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .withFrom(sameNamespace())
        .endIngress()
        .endSpec()
        .build();
  }

  /**
   * Every pod may send to its own namespace, to namespaces that are not Estran sandboxes (cluster
   * DNS in kube-system among them) and to any address outside the excepted CIDRs. The exceptions
   * should list the cluster's pod and service ranges: how a CNI applies an ipBlock to pod addresses
   * varies, and the ingress policy of the other sandboxes is the second wall.
   */
  static NetworkPolicy egressIsolation(Sandbox sandbox, List<String> egressExceptCidrs) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(SandboxNames.EGRESS_ISOLATION)
        .withNamespace(SandboxNames.namespaceOf(sandbox))
        .withLabels(SandboxLabels.of(sandbox))
        .endMetadata()
        .withNewSpec()
        .withPodSelector(everyPod())
        .withPolicyTypes("Egress")
        .addNewEgress()
        .withTo(sameNamespace())
        .endEgress()
        .addNewEgress()
        .withTo(namespacesOutsideEstran())
        .endEgress()
        .addNewEgress()
        .withTo(anywhereExcept(egressExceptCidrs))
        .endEgress()
        .endSpec()
        .build();
  }

  private static LabelSelector everyPod() {
    return new LabelSelector();
  }

  private static NetworkPolicyPeer sameNamespace() {
    return new NetworkPolicyPeerBuilder().withPodSelector(everyPod()).build();
  }

  private static NetworkPolicyPeer namespacesOutsideEstran() {
    LabelSelector notEstran =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey(SandboxLabels.MANAGED_BY)
            .withOperator("NotIn")
            .withValues(SandboxLabels.MANAGED_BY_VALUE)
            .endMatchExpression()
            .build();
    return new NetworkPolicyPeerBuilder().withNamespaceSelector(notEstran).build();
  }

  private static NetworkPolicyPeer anywhereExcept(List<String> exceptCidrs) {
    List<String> except =
        exceptCidrs == null || exceptCidrs.isEmpty() ? null : List.copyOf(exceptCidrs);
    return new NetworkPolicyPeerBuilder()
        .withNewIpBlock()
        .withCidr(ANYWHERE)
        .withExcept(except)
        .endIpBlock()
        .build();
  }
}
