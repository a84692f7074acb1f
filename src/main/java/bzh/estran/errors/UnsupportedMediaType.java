package bzh.estran.errors;

/** Contract error {@code unsupported_media_type}: a body in a format the endpoint does not read. */
public final class UnsupportedMediaType extends EstranException {

  public UnsupportedMediaType(String message) {
    super("unsupported_media_type", message);
  }
}
