package bzh.estran.errors;

/** Contract error `unavailable`. */
public final class Unavailable extends EstranException {

  public Unavailable(String message) {
    super("unavailable", message);
  }
}
