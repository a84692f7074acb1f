package bzh.estran.kube.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SandboxAccessTest {

  private static final Set<String> WRITE_VERBS =
      Set.of("create", "update", "patch", "delete", "deletecollection", "*", "escalate", "bind");
  private static final Set<String> PROTECTED =
      Set.of(
          "networkpolicies",
          "resourcequotas",
          "limitranges",
          "roles",
          "rolebindings",
          "namespaces");

  private final Role role = SandboxObjects.role(TestSandboxes.sandbox());

  @Test
  void role_grants_no_write_on_what_isolates_and_limits_the_sandbox() {
    List<PolicyRule> onProtected =
        role.getRules().stream()
            .filter(rule -> rule.getResources().stream().anyMatch(PROTECTED::contains))
            .toList();

    assertThat(onProtected).as("read rules on quota, limits and policies").isNotEmpty();
    assertThat(onProtected)
        .allSatisfy(
            rule ->
                assertThat(rule.getVerbs())
                    .as("verbs on %s", rule.getResources())
                    .doesNotContainAnyElementsOf(WRITE_VERBS));
  }

  @Test
  void role_never_uses_wildcards_nor_the_rbac_group() {
    assertThat(role.getRules())
        .allSatisfy(
            rule -> {
              assertThat(rule.getResources()).doesNotContain("*");
              assertThat(rule.getVerbs()).doesNotContain("*");
              assertThat(rule.getApiGroups()).doesNotContain("*", "rbac.authorization.k8s.io");
              assertThat(rule.getResourceNames()).isEmpty();
            });
  }

  @Test
  void role_allows_ordinary_work_on_namespaced_resources() {
    assertThat(verbsOn("", "pods")).contains("create", "delete", "get", "list", "watch", "patch");
    assertThat(verbsOn("", "secrets")).contains("create", "update", "delete");
    assertThat(verbsOn("", "pods/exec")).contains("create");
    assertThat(verbsOn("", "pods/portforward")).contains("create");
    assertThat(verbsOn("", "pods/log")).contains("get");
    assertThat(verbsOn("apps", "deployments")).contains("create", "update", "patch", "delete");
    assertThat(verbsOn("batch", "cronjobs")).contains("create", "delete");
    assertThat(verbsOn("networking.k8s.io", "ingresses")).contains("create", "delete");
    assertThat(verbsOn("autoscaling", "horizontalpodautoscalers")).contains("create");
  }

  @Test
  void role_lets_the_user_read_events_quota_and_limits() {
    assertThat(verbsOn("", "events")).containsExactlyInAnyOrder("get", "list", "watch");
    assertThat(verbsOn("", "resourcequotas")).containsExactlyInAnyOrder("get", "list", "watch");
    assertThat(verbsOn("", "limitranges")).containsExactlyInAnyOrder("get", "list", "watch");
    assertThat(verbsOn("", "serviceaccounts")).containsExactlyInAnyOrder("get", "list", "watch");
  }

  @Test
  void binding_ties_the_user_service_account_to_the_user_role_in_the_sandbox() {
    RoleBinding binding = SandboxObjects.roleBinding(TestSandboxes.sandbox());

    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName())
        .isEqualTo(role.getMetadata().getName())
        .isEqualTo("sandbox-user");
    assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
    assertThat(binding.getSubjects()).hasSize(1);
    assertThat(binding.getSubjects().get(0).getKind()).isEqualTo("ServiceAccount");
    assertThat(binding.getSubjects().get(0).getName()).isEqualTo("sandbox-user");
    assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo(TestSandboxes.NAMESPACE);
    assertThat(binding.getMetadata().getNamespace()).isEqualTo(TestSandboxes.NAMESPACE);
  }

  @Test
  void service_account_is_the_user_and_is_not_mounted_into_pods() {
    var account = SandboxObjects.serviceAccount(TestSandboxes.sandbox());

    assertThat(account.getMetadata().getName()).isEqualTo("sandbox-user");
    assertThat(account.getMetadata().getNamespace()).isEqualTo(TestSandboxes.NAMESPACE);
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
  }

  private List<String> verbsOn(String apiGroup, String resource) {
    return role.getRules().stream()
        .filter(
            rule ->
                rule.getApiGroups().contains(apiGroup) && rule.getResources().contains(resource))
        .flatMap(rule -> rule.getVerbs().stream())
        .distinct()
        .toList();
  }
}
