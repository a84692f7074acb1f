package bzh.estran.errors;

/** Contract error `not_found`. */
public final class NotFound extends EstranException {

  public NotFound(String message) {
    super("not_found", message);
  }
}
