package bzh.estran.dataset.core;

/**
 * Where an anonymisation run stands: waiting for its raw CSV, running, then one of three ends
 * (publishable output, refused with a report saying why, or failed on bad input or an error).
 */
public enum RunState {
  AWAITING_DATA,
  RUNNING,
  SUCCEEDED,
  REFUSED,
  FAILED;

  public boolean ended() {
    return this == SUCCEEDED || this == REFUSED || this == FAILED;
  }
}
