package bzh.estran.kube.core;

import bzh.estran.sandbox.core.Sandbox;
import java.util.Objects;
import java.util.UUID;

/** The names of a sandbox's Kubernetes objects, computed in this one place. */
public final class SandboxNames {

  /** Prefix of every sandbox namespace. */
  public static final String NAMESPACE_PREFIX = "sbx-";

  /** The user's ServiceAccount, Role and RoleBinding. */
  public static final String USER = "sandbox-user";

  public static final String RESOURCE_QUOTA = "estran-quota";
  public static final String LIMIT_RANGE = "estran-limits";
  public static final String INGRESS_ISOLATION = "estran-ingress-isolation";
  public static final String EGRESS_ISOLATION = "estran-egress-isolation";

  /** Prefix of the kubeconfig entries of a sandbox. */
  public static final String KUBECONFIG_PREFIX = "estran-";

  /**
   * Name of the extension a sandbox kubeconfig's context carries: {@code {id, name, namespace,
   * expiresAt}}, read by {@code estran connect} to clean expired contexts.
   */
  public static final String KUBECONFIG_EXTENSION = "estran.bzh/sandbox";

  private static final int ID_CHARS = 12;
  private static final int SHORT_ID_CHARS = 8;

  private SandboxNames() {}

  /**
   * The namespace of a sandbox: {@code sbx-} followed by the first 12 hex digits of its id, e.g.
   * {@code sbx-0f8c2e1a9b3d}. A valid DNS label (lower case, 16 characters).
   */
  public static String namespace(UUID sandboxId) {
    Objects.requireNonNull(sandboxId, "sandboxId");
    return NAMESPACE_PREFIX + sandboxId.toString().replace("-", "").substring(0, ID_CHARS);
  }

  /**
   * The name of a sandbox's cluster, user and context entries in a kubeconfig: {@code estran-}, the
   * sandbox's name and the first 8 hex digits of its id, e.g. {@code estran-tp-kube-0f8c2e1a}.
   * Unique per sandbox (two sandboxes of one person never share an entry) and readable.
   */
  public static String kubeconfigEntry(String sandboxName, UUID sandboxId) {
    Objects.requireNonNull(sandboxId, "sandboxId");
    return KUBECONFIG_PREFIX
        + sandboxName
        + "-"
        + sandboxId.toString().substring(0, SHORT_ID_CHARS);
  }

  /**
   * The namespace the sandbox's objects go to: the one recorded on the sandbox when there is one,
   * else the one computed from its id.
   */
  public static String namespaceOf(Sandbox sandbox) {
    String recorded = sandbox.namespace();
    return recorded == null || recorded.isBlank() ? namespace(sandbox.id()) : recorded;
  }
}
