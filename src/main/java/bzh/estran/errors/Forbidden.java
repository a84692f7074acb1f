package bzh.estran.errors;

/** Contract error `forbidden`. */
public final class Forbidden extends EstranException {

  public Forbidden(String message) {
    super("forbidden", message);
  }
}
