package bzh.estran.errors;

/** Contract error {@code unsupported_media_type}: a body in a format the endpoint does not read. */
public final class UnsupportedMediaType extends EstranException {

  public UnsupportedMediaType(String message) {
    super("unsupported_media_type", message);
  }

  /** With the sentence's message key, for the pages to say it in their language. */
  public UnsupportedMediaType(Problem sentence) {
    super("unsupported_media_type", sentence);
  }
}
