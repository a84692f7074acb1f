package bzh.estran.errors;

import java.util.Map;

/**
 * The root of Estran's small error vocabulary. Each subclass carries a contract error code; the
 * HTTP layer maps each class to its status once.
 */
public abstract class EstranException extends RuntimeException {

  private final String code;

  protected EstranException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** The contract's snake_case error code. */
  public String code() {
    return code;
  }

  /** Machine-readable details; empty when there are none. */
  public Map<String, Object> details() {
    return Map.of();
  }
}
