package bzh.estran.sandbox.core;

import bzh.estran.auth.core.Principal;

/** Who may see and act on a sandbox. */
public final class SandboxAccess {

  private SandboxAccess() {}

  /**
   * The owner, the managers of its cohort, the admins of its institution and platform admins may
   * see a sandbox; for anyone else it does not exist.
   */
  public static boolean canSee(Principal caller, Sandbox sandbox) {
    return sandbox.ownerId().equals(caller.id())
        || caller.administers(sandbox.institutionId())
        || (sandbox.cohortId() != null
            && caller.manages(sandbox.cohortId(), sandbox.institutionId()));
  }

  /** Extending and deleting: the same people who may see it. */
  public static boolean canManage(Principal caller, Sandbox sandbox) {
    return canSee(caller, sandbox);
  }

  /** The kubeconfig carries the sandbox's credentials: its owner alone may have it. */
  public static boolean canUseCredentials(Principal caller, Sandbox sandbox) {
    return sandbox.ownerId().equals(caller.id());
  }
}
