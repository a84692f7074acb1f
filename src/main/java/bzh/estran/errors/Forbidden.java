package bzh.estran.errors;

/** Contract error `forbidden`. */
public final class Forbidden extends EstranException {

  public Forbidden(String message) {
    super("forbidden", message);
  }

  /** With the sentence's message key, for the pages to say it in their language. */
  public Forbidden(Problem sentence) {
    super("forbidden", sentence);
  }
}
