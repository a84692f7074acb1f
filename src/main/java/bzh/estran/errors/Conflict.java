package bzh.estran.errors;

/** Contract error `conflict`. */
public final class Conflict extends EstranException {

  public Conflict(String message) {
    super("conflict", message);
  }

  /** With the sentence's message key, for the pages to say it in their language. */
  public Conflict(Problem sentence) {
    super("conflict", sentence);
  }
}
