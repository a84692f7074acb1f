package bzh.estran.sandbox.core;

import java.util.EnumSet;
import java.util.Set;

/**
 * A sandbox's lifecycle: {@code PROVISIONING -> READY -> DELETING -> DELETED}, or {@code FAILED}.
 *
 * <p>{@code DELETING} may also be entered straight from {@code PROVISIONING} (deleted or expired
 * before it was ready). {@code DELETED} and {@code FAILED} are final.
 */
public enum SandboxState {
  PROVISIONING,
  READY,
  DELETING,
  DELETED,
  FAILED;

  /**
   * States in which the sandbox holds (or is about to hold) resources on the cluster and in the
   * quota.
   */
  public static final Set<SandboxState> LIVE = EnumSet.of(PROVISIONING, READY, DELETING);

  public boolean isLive() {
    return LIVE.contains(this);
  }

  public boolean isFinal() {
    return this == DELETED || this == FAILED;
  }

  /** Whether the cluster should hold this sandbox's namespace and objects. */
  public boolean wantsNamespace() {
    return this == PROVISIONING || this == READY;
  }

  public boolean canMoveTo(SandboxState next) {
    return switch (this) {
      case PROVISIONING -> next == READY || next == DELETING || next == FAILED;
      case READY -> next == DELETING;
      case DELETING -> next == DELETED;
      case DELETED, FAILED -> false;
    };
  }
}
