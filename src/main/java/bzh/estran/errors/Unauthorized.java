package bzh.estran.errors;

/** Contract error `unauthorized`. */
public final class Unauthorized extends EstranException {

  public Unauthorized(String message) {
    super("unauthorized", message);
  }
}
