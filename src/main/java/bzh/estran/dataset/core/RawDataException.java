package bzh.estran.dataset.core;

/** Raw CSV that does not match its policy (a column missing or unknown, a malformed record). */
public final class RawDataException extends RuntimeException {

  private final long line;

  /** A problem at {@code line} of the raw CSV (1 is the header; 0 when no line applies). */
  public RawDataException(long line, String message) {
    super(line > 0 ? "line " + line + ": " + message : message);
    this.line = line;
  }

  /** The line of the raw CSV at fault (1 is the header), or 0 when no single line is. */
  public long line() {
    return line;
  }
}
