package bzh.estran.catalog.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which kinds of object a template may create in its sandbox's namespace.
 *
 * <p>Cluster-scoped kinds would reach beyond the namespace and are always refused. Of the
 * namespaced kinds, only everyday workload and configuration kinds are allowed: the isolation
 * objects (NetworkPolicy, ResourceQuota, LimitRange, Role, RoleBinding...) are Estran's own and a
 * template must not add to them.
 */
public final class KindPolicy {

  /** Allowed kinds, each with the only apiVersion accepted for it. */
  private static final Map<String, String> ALLOWED = allowed();

  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "Node",
          "PersistentVolume",
          "StorageClass",
          "VolumeAttachment",
          "VolumeAttributesClass",
          "CSIDriver",
          "CSINode",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "APIService",
          "PriorityClass",
          "RuntimeClass",
          "IngressClass",
          "GatewayClass",
          "ValidatingWebhookConfiguration",
          "MutatingWebhookConfiguration",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding",
          "MutatingAdmissionPolicy",
          "MutatingAdmissionPolicyBinding",
          "CertificateSigningRequest",
          "ClusterTrustBundle",
          "PodSecurityPolicy",
          "FlowSchema",
          "PriorityLevelConfiguration",
          "ComponentStatus",
          "StorageVersion",
          "StorageVersionMigration",
          "IPAddress",
          "ServiceCIDR",
          "DeviceClass",
          "ResourceSlice",
          "TokenReview",
          "SubjectAccessReview",
          "SelfSubjectAccessReview",
          "SelfSubjectRulesReview",
          "SelfSubjectReview");

  private KindPolicy() {}

  /** The kinds a template may use, in a stable order. */
  public static List<String> allowedKinds() {
    return List.copyOf(ALLOWED.keySet());
  }

  /** Why an object of this apiVersion and kind may not be in a template, or empty if it may. */
  public static Optional<String> refusal(String apiVersion, String kind) {
    if (CLUSTER_SCOPED.contains(kind)) {
      return Optional.of("cluster-scoped kind " + kind + " is not allowed in a template");
    }
    String expectedApiVersion = ALLOWED.get(kind);
    if (expectedApiVersion == null) {
      return Optional.of(
          "kind "
              + kind
              + " is not allowed in a template (allowed: "
              + String.join(", ", ALLOWED.keySet())
              + ")");
    }
    if (!expectedApiVersion.equals(apiVersion)) {
      return Optional.of(
          "kind " + kind + " needs apiVersion " + expectedApiVersion + ", got " + apiVersion);
    }
    return Optional.empty();
  }

  private static Map<String, String> allowed() {
    Map<String, String> allowed = new LinkedHashMap<>();
    allowed.put("ConfigMap", "v1");
    allowed.put("Secret", "v1");
    allowed.put("Service", "v1");
    allowed.put("Deployment", "apps/v1");
    allowed.put("StatefulSet", "apps/v1");
    allowed.put("Job", "batch/v1");
    allowed.put("CronJob", "batch/v1");
    allowed.put("PersistentVolumeClaim", "v1");
    allowed.put("Pod", "v1");
    allowed.put("ServiceAccount", "v1");
    allowed.put("Ingress", "networking.k8s.io/v1");
    return Collections.unmodifiableMap(allowed);
  }
}
