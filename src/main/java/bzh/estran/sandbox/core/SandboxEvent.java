package bzh.estran.sandbox.core;

import java.time.Instant;

/** Something that happened to a sandbox, shown to its owner. */
public record SandboxEvent(Instant at, String type, String message) {

  public static final String REQUESTED = "REQUESTED";
  public static final String PROVISIONING_RETRY = "PROVISIONING_RETRY";
  public static final String READY = "READY";
  public static final String EXTENDED = "EXTENDED";
  public static final String DELETE_REQUESTED = "DELETE_REQUESTED";
  public static final String EXPIRED = "EXPIRED";
  public static final String NAMESPACE_VANISHED = "NAMESPACE_VANISHED";
  public static final String QUOTA_RESTORED = "QUOTA_RESTORED";
  public static final String ISOLATION_RESTORED = "ISOLATION_RESTORED";
  public static final String OBJECTS_RESTORED = "OBJECTS_RESTORED";
  public static final String DELETED = "DELETED";
  public static final String FAILED = "FAILED";
  public static final String EXPIRY_WARNING = "EXPIRY_WARNING";
}
