package bzh.estran.notify.core;

/** What a notice announces to a sandbox's owner. */
public enum NoticeKind {
  /** The sandbox expires soon: extend it or save your work. */
  EXPIRY_WARNING,
  /** The sandbox is ready, after a provisioning long enough that its owner may have left. */
  READY_AFTER_WAIT,
  /** Provisioning failed for good. */
  FAILED,
  /** The sandbox was ended because its cohort ended. */
  COHORT_ENDED,
  /** The sandbox was ended because its owner left the institution (off-boarding). */
  OFFBOARDED;

  /** The key prefix of its texts in the message bundles. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
