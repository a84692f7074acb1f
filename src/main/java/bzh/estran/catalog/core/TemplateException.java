package bzh.estran.catalog.core;

import java.util.Objects;

/**
 * A template that cannot be used, with the place of the problem: a file, a line (0 when unknown)
 * and a reason a template author can act on.
 *
 * <p>The message reads like a compiler's: {@code templates/web-app/app.yaml:12: unknown variable
 * ${FOO} (allowed: ...)}, or {@code file: reason} when the line is unknown.
 */
public class TemplateException extends RuntimeException {

  private final String file;
  private final int line;
  private final String reason;

  public TemplateException(String file, int line, String reason) {
    this(file, line, reason, null);
  }

  public TemplateException(String file, int line, String reason, Throwable cause) {
    super(format(file, line, reason), cause);
    this.file = Objects.requireNonNull(file, "file");
    this.line = line;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The file at fault, as given to the validator or loader. */
  public String file() {
    return file;
  }

  /** The 1-based line at fault, or 0 when the problem concerns the file as a whole. */
  public int line() {
    return line;
  }

  /** What is wrong, without the location. */
  public String reason() {
    return reason;
  }

  private static String format(String file, int line, String reason) {
    return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
  }
}
