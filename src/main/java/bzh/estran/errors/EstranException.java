package bzh.estran.errors;

import java.util.Map;

/**
 * The root of Estran's small error vocabulary. Each subclass carries a contract error code; the
 * HTTP layer maps each class to its status once.
 */
public abstract class EstranException extends RuntimeException {

  private final String code;
  private final Problem sentence;

  protected EstranException(String code, String message) {
    super(message);
    this.code = code;
    this.sentence = null;
  }

  /** The message is {@code sentence}'s English; the pages say it in their language. */
  protected EstranException(String code, Problem sentence) {
    super(sentence.english());
    this.code = code;
    this.sentence = sentence;
  }

  /** The message with its key and arguments, when the thrower gave them. */
  public java.util.Optional<Problem> sentence() {
    return java.util.Optional.ofNullable(sentence);
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
