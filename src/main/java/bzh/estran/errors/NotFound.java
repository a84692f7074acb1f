package bzh.estran.errors;

/** Contract error `not_found`. */
public final class NotFound extends EstranException {

  public NotFound(String message) {
    super("not_found", message);
  }

  /** With the sentence's message key, for the pages to say it in their language. */
  public NotFound(Problem sentence) {
    super("not_found", sentence);
  }
}
