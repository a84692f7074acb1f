package bzh.estran.dataset.core;

/** What a policy does with one column. */
public enum Treatment {
  /** Published as it is. */
  KEEP,
  /** Never published. */
  DROP,
  /** Replaced by a keyed HMAC-SHA-256 of its value (the key never leaves the server). */
  PSEUDONYMISE,
  /** Replaced by a coarser value (hour, bin, age band, grid cell, prefix, category). */
  GENERALISE;

  /** The name used in policies and reports: {@code keep}, {@code pseudonymise}... */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
