package bzh.estran.kube.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SandboxNetworkPoliciesTest {

  private static final List<String> CLUSTER_RANGES = List.of("10.42.0.0/16", "10.43.0.0/16");

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void ingress_isolation_selects_every_pod_and_admits_only_the_same_namespace() {
    NetworkPolicy ingress = policies(CLUSTER_RANGES).get(0);

    assertThat(ingress.getMetadata().getName()).isEqualTo("estran-ingress-isolation");
    assertThat(ingress.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(isEverything(ingress.getSpec().getPodSelector())).isTrue();
    assertThat(ingress.getSpec().getEgress()).isEmpty();
    assertThat(ingress.getSpec().getIngress()).hasSize(1);
    assertThat(ingress.getSpec().getIngress().get(0).getPorts()).isEmpty();
    List<NetworkPolicyPeer> from = ingress.getSpec().getIngress().get(0).getFrom();
    assertThat(from).hasSize(1);
    assertThat(isEverything(from.get(0).getPodSelector())).isTrue();
    assertThat(from.get(0).getNamespaceSelector()).isNull();
    assertThat(from.get(0).getIpBlock()).isNull();
  }

  @Test
  void egress_isolation_allows_same_namespace_non_sandbox_namespaces_and_the_outside() {
    NetworkPolicy egress = policies(CLUSTER_RANGES).get(1);

    assertThat(egress.getMetadata().getName()).isEqualTo("estran-egress-isolation");
    assertThat(egress.getSpec().getPolicyTypes()).containsExactly("Egress");
    assertThat(isEverything(egress.getSpec().getPodSelector())).isTrue();
    assertThat(egress.getSpec().getIngress()).isEmpty();
    List<NetworkPolicyEgressRule> rules = egress.getSpec().getEgress();
    assertThat(rules).hasSize(3).allSatisfy(rule -> assertThat(rule.getTo()).hasSize(1));

    NetworkPolicyPeer sameNamespace = rules.get(0).getTo().get(0);
    assertThat(isEverything(sameNamespace.getPodSelector())).isTrue();
    assertThat(sameNamespace.getNamespaceSelector()).isNull();

    NetworkPolicyPeer otherNamespaces = rules.get(1).getTo().get(0);
    assertThat(otherNamespaces.getPodSelector()).isNull();
    assertThat(otherNamespaces.getNamespaceSelector().getMatchLabels()).isEmpty();
    assertThat(otherNamespaces.getNamespaceSelector().getMatchExpressions())
        .containsExactly(
            new LabelSelectorRequirement(
                "app.kubernetes.io/managed-by", "NotIn", List.of("estran")));

    NetworkPolicyPeer outside = rules.get(2).getTo().get(0);
    assertThat(outside.getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
    assertThat(outside.getIpBlock().getExcept()).containsExactly("10.42.0.0/16", "10.43.0.0/16");
  }

  @Test
  void the_sandbox_namespace_itself_is_excluded_by_the_namespace_selector() {
    NetworkPolicy egress = policies(List.of()).get(1);
    LabelSelectorRequirement requirement =
        egress
            .getSpec()
            .getEgress()
            .get(1)
            .getTo()
            .get(0)
            .getNamespaceSelector()
            .getMatchExpressions()
            .get(0);

    String sandboxManagedBy =
        SandboxObjects.namespace(TestSandboxes.sandbox())
            .getMetadata()
            .getLabels()
            .get(requirement.getKey());
    assertThat(requirement.getValues()).contains(sandboxManagedBy);
  }

  @Test
  void no_except_is_written_when_there_are_no_exceptions() {
    JsonNode egress = json.valueToTree(policies(List.of()).get(1));

    JsonNode ipBlock = egress.at("/spec/egress/2/to/0/ipBlock");
    assertThat(ipBlock.get("cidr").asString()).isEqualTo("0.0.0.0/0");
    assertThat(ipBlock.has("except")).isFalse();
  }

  @Test
  void empty_selectors_are_serialized_as_empty_objects_not_dropped() {
    JsonNode ingress = json.valueToTree(policies(CLUSTER_RANGES).get(0));
    JsonNode egress = json.valueToTree(policies(CLUSTER_RANGES).get(1));

    assertThat(ingress.at("/spec/podSelector").isObject()).isTrue();
    assertThat(ingress.at("/spec/podSelector").isEmpty()).isTrue();
    assertThat(ingress.at("/spec/ingress/0/from/0/podSelector").isObject()).isTrue();
    assertThat(ingress.at("/spec/ingress/0/from/0/podSelector").isEmpty()).isTrue();
    assertThat(egress.at("/spec/podSelector").isObject()).isTrue();
    assertThat(egress.at("/spec/egress/0/to/0/podSelector").isObject()).isTrue();
    assertThat(
            egress
                .at("/spec/egress/1/to/0/namespaceSelector/matchExpressions/0/operator")
                .asString())
        .isEqualTo("NotIn");
  }

  @Test
  void both_policies_carry_the_labels_and_the_namespace() {
    assertThat(policies(CLUSTER_RANGES))
        .allSatisfy(
            policy -> {
              assertThat(policy.getMetadata().getNamespace()).isEqualTo(TestSandboxes.NAMESPACE);
              assertThat(policy.getMetadata().getLabels())
                  .isEqualTo(SandboxLabels.of(TestSandboxes.sandbox()));
            });
  }

  private static List<NetworkPolicy> policies(List<String> exceptCidrs) {
    return SandboxObjects.networkPolicies(TestSandboxes.sandbox(), exceptCidrs);
  }

  private static boolean isEverything(LabelSelector selector) {
    return selector != null
        && selector.getMatchLabels().isEmpty()
        && selector.getMatchExpressions().isEmpty();
  }
}
