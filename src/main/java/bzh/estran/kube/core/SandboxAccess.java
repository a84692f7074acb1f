package bzh.estran.kube.core;

import bzh.estran.sandbox.core.Sandbox;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;

/**
 * The user's identity in a sandbox: a ServiceAccount bound to a Role that allows ordinary work on
 * namespaced resources, but no change to what isolates and limits the sandbox (network policies,
 * quota, limit range, RBAC, the namespace itself).
 */
final class SandboxAccess {

  static final List<String> ALL_VERBS =
      List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");
  static final List<String> READ_VERBS = List.of("get", "list", "watch");

  private static final String CORE = "";

  private SandboxAccess() {}

  static ServiceAccount serviceAccount(Sandbox sandbox) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(SandboxNames.USER)
        .withNamespace(SandboxNames.namespaceOf(sandbox))
        .withLabels(SandboxLabels.of(sandbox))
        .endMetadata()
        .withAutomountServiceAccountToken(false)
        .build();
  }

  static Role role(Sandbox sandbox) {
    return new RoleBuilder()
        .withNewMetadata()
        .withName(SandboxNames.USER)
        .withNamespace(SandboxNames.namespaceOf(sandbox))
        .withLabels(SandboxLabels.of(sandbox))
        .endMetadata()
        .withRules(rules())
        .build();
  }

  static RoleBinding roleBinding(Sandbox sandbox) {
    String namespace = SandboxNames.namespaceOf(sandbox);
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(SandboxNames.USER)
        .withNamespace(namespace)
        .withLabels(SandboxLabels.of(sandbox))
        .endMetadata()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(SandboxNames.USER)
        .withNamespace(namespace)
        .endSubject()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(SandboxNames.USER)
        .endRoleRef()
        .build();
  }

  /** The rules of the user's Role. */
  static List<PolicyRule> rules() {
    return List.of(
        rule(
            CORE, ALL_VERBS, "pods", "services", "configmaps", "secrets", "persistentvolumeclaims"),
        rule(CORE, READ_VERBS, "pods/log", "events", "serviceaccounts"),
        rule(CORE, List.of("get", "create"), "pods/exec", "pods/attach", "pods/portforward"),
        rule(CORE, READ_VERBS, "resourcequotas", "limitranges"),
        rule(
            "apps",
            ALL_VERBS,
            "deployments",
            "deployments/scale",
            "statefulsets",
            "statefulsets/scale",
            "replicasets",
            "replicasets/scale"),
        rule("batch", ALL_VERBS, "jobs", "cronjobs"),
        rule("networking.k8s.io", ALL_VERBS, "ingresses"),
        rule("networking.k8s.io", READ_VERBS, "networkpolicies"),
        rule("autoscaling", ALL_VERBS, "horizontalpodautoscalers"),
        rule("events.k8s.io", READ_VERBS, "events"));
  }

  private static PolicyRule rule(String apiGroup, List<String> verbs, String... resources) {
    return new PolicyRuleBuilder()
        .withApiGroups(apiGroup)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }
}
