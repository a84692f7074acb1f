package bzh.estran.errors;

/** Contract error `unavailable`. */
public final class Unavailable extends EstranException {

  public Unavailable(String message) {
    super("unavailable", message);
  }

  /** With the sentence's message key, for the pages to say it in their language. */
  public Unavailable(Problem sentence) {
    super("unavailable", sentence);
  }
}
