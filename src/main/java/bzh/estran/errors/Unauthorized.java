package bzh.estran.errors;

/** Contract error `unauthorized`. */
public final class Unauthorized extends EstranException {

  public Unauthorized(String message) {
    super("unauthorized", message);
  }

  /** With the sentence's message key, for the pages to say it in their language. */
  public Unauthorized(Problem sentence) {
    super("unauthorized", sentence);
  }
}
