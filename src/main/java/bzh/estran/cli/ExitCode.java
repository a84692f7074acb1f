package bzh.estran.cli;

/**
 * The exit codes of {@code estran}, which scripts may rely on (listed in docs/students.md).
 *
 * <p>0 success · 1 unexpected error · 2 bad usage · 3 not signed in, or the token was refused · 4
 * forbidden · 5 not found · 6 conflict · 7 quota exceeded · 8 invalid request · 9 rate limited · 10
 * Estran or the identity provider unreachable or unavailable · 11 a sandbox failed · 12 timed out
 * waiting.
 */
public final class ExitCode {

  public static final int OK = 0;
  public static final int ERROR = 1;
  public static final int USAGE = 2;
  public static final int UNAUTHORIZED = 3;
  public static final int FORBIDDEN = 4;
  public static final int NOT_FOUND = 5;
  public static final int CONFLICT = 6;
  public static final int QUOTA_EXCEEDED = 7;
  public static final int INVALID_REQUEST = 8;
  public static final int RATE_LIMITED = 9;
  public static final int UNAVAILABLE = 10;
  public static final int SANDBOX_FAILED = 11;
  public static final int TIMED_OUT = 12;

  private ExitCode() {}

  /** The exit code of an API error, from its {@code code} (or its HTTP status). */
  public static int of(String code, int status) {
    return switch (code == null ? "" : code) {
      case "unauthorized" -> UNAUTHORIZED;
      case "forbidden" -> FORBIDDEN;
      case "not_found" -> NOT_FOUND;
      case "conflict" -> CONFLICT;
      case "quota_exceeded" -> QUOTA_EXCEEDED;
      case "invalid_request" -> INVALID_REQUEST;
      case "rate_limited" -> RATE_LIMITED;
      case "unavailable" -> UNAVAILABLE;
      default -> ofStatus(status);
    };
  }

  private static int ofStatus(int status) {
    return switch (status) {
      case 400 -> INVALID_REQUEST;
      case 401 -> UNAUTHORIZED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      case 429 -> RATE_LIMITED;
      case 502, 503, 504 -> UNAVAILABLE;
      default -> ERROR;
    };
  }
}
