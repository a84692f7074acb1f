package bzh.estran.kube.core;

import bzh.estran.sandbox.core.Sandbox;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired Kubernetes objects of a sandbox, one small factory per kind. Pure: builds objects,
 * talks to no cluster. Estran's own objects ({@link #kept}) are labelled with {@link
 * SandboxLabels#of} and kept as desired for the sandbox's life; the template's ({@link #seeds}) are
 * written once, while it is provisioned, and then belong to the user.
 */
public final class SandboxObjects {

  /** Pod Security Admission level enforced, warned and audited in every sandbox. */
  public static final String POD_SECURITY_LEVEL = "restricted";

  private static final List<String> POD_SECURITY_MODES = List.of("enforce", "warn", "audit");

  private SandboxObjects() {}

  /** The sandbox namespace, labelled, annotated, and with Pod Security {@code restricted}. */
  public static Namespace namespace(Sandbox sandbox) {
    Map<String, String> labels = new LinkedHashMap<>(SandboxLabels.of(sandbox));
    for (String mode : POD_SECURITY_MODES) {
      labels.put("pod-security.kubernetes.io/" + mode, POD_SECURITY_LEVEL);
      labels.put("pod-security.kubernetes.io/" + mode + "-version", "latest");
    }
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(SandboxNames.namespaceOf(sandbox))
        .withLabels(labels)
        .withAnnotations(SandboxLabels.annotationsOf(sandbox))
        .endMetadata()
        .build();
  }

  /**
   * The quota matching the sandbox size: CPU and memory requests and limits, storage requests, at
   * most 50 pods and 10 claims, no LoadBalancer or NodePort service.
   */
  public static ResourceQuota resourceQuota(Sandbox sandbox) {
    return SandboxLimits.resourceQuota(sandbox);
  }

  /**
   * Container defaults (limit: at most 1 core and 1 GiB; request: at most 100m and 128 MiB) and
   * maxima (the sandbox size), so that pods without resources still fit the quota.
   */
  public static LimitRange limitRange(Sandbox sandbox) {
    return SandboxLimits.limitRange(sandbox);
  }

  /**
   * Ingress isolation (only from the same namespace) and egress isolation (to the same namespace,
   * to namespaces that are not sandboxes, and to {@code 0.0.0.0/0} minus {@code egressExceptCidrs},
   * which should hold the cluster's pod and service ranges).
   */
  public static List<NetworkPolicy> networkPolicies(
      Sandbox sandbox, List<String> egressExceptCidrs) {
    return SandboxNetworkPolicies.of(sandbox, egressExceptCidrs);
  }

  /** The user's identity in the sandbox (its token goes into the kubeconfig). */
  public static ServiceAccount serviceAccount(Sandbox sandbox) {
    return SandboxAccess.serviceAccount(sandbox);
  }

  /**
   * What the user may do: ordinary work on pods, services, config, storage, workloads, ingresses
   * and autoscalers; only read quota, limits, policies and events; nothing on RBAC or the
   * namespace.
   */
  public static Role role(Sandbox sandbox) {
    return SandboxAccess.role(sandbox);
  }

  /** Binds the user's ServiceAccount to the user's Role. */
  public static RoleBinding roleBinding(Sandbox sandbox) {
    return SandboxAccess.roleBinding(sandbox);
  }

  /**
   * Estran's own objects in creation order: namespace, quota, limit range, network policies,
   * service account, role, binding. They hold the sandbox's limits, isolation and access, and are
   * kept as desired for as long as it lives: changed or deleted by anyone, they are put back.
   */
  public static List<HasMetadata> kept(Sandbox sandbox, List<String> egressExceptCidrs) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(namespace(sandbox));
    objects.add(resourceQuota(sandbox));
    objects.add(limitRange(sandbox));
    objects.addAll(networkPolicies(sandbox, egressExceptCidrs));
    objects.add(serviceAccount(sandbox));
    objects.add(role(sandbox));
    objects.add(roleBinding(sandbox));
    return List.copyOf(objects);
  }

  /**
   * Copies of the template's objects placed in the sandbox's namespace, with the sandbox's id and
   * institution among their labels but not {@code app.kubernetes.io/managed-by: estran}: they are
   * written while the sandbox is provisioned and are the user's from then on (a Deployment to point
   * at their own image, a ConfigMap to edit). The objects passed in are not modified.
   */
  public static List<HasMetadata> seeds(
      Sandbox sandbox, List<? extends HasMetadata> templateObjects) {
    return TemplateObjects.placeIn(sandbox, templateObjects);
  }

  /**
   * Whether a quota read from the cluster holds exactly the desired hard limits, compared by amount
   * ({@code 1} equals {@code 1000m}); false when it is missing, has extra or missing keys, or was
   * edited.
   */
  public static boolean quotaMatches(ResourceQuota actual, Sandbox sandbox) {
    return SandboxLimits.quotaMatches(actual, sandbox);
  }
}
