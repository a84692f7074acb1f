package bzh.estran.errors;

/** Contract error `conflict`. */
public final class Conflict extends EstranException {

  public Conflict(String message) {
    super("conflict", message);
  }
}
