package bzh.estran.http;

import bzh.estran.db.DatabaseOutages;
import bzh.estran.errors.Conflict;
import bzh.estran.errors.EstranException;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.InvalidRequest;
import bzh.estran.errors.NotFound;
import bzh.estran.errors.QuotaExceeded;
import bzh.estran.errors.RateLimited;
import bzh.estran.errors.Unauthorized;
import bzh.estran.errors.Unavailable;
import bzh.estran.errors.UnsupportedMediaType;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where Estran's error vocabulary becomes HTTP statuses and the contract's body. */
final class ErrorMapping {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {}

  static int status(EstranException e) {
    if (e instanceof InvalidRequest) {
      return 400;
    } else if (e instanceof Unauthorized) {
      return 401;
    } else if (e instanceof Forbidden) {
      return 403;
    } else if (e instanceof NotFound) {
      return 404;
    } else if (e instanceof Conflict || e instanceof QuotaExceeded) {
      return 409;
    } else if (e instanceof RateLimited) {
      return 429;
    } else if (e instanceof UnsupportedMediaType) {
      return 415;
    } else if (e instanceof Unavailable) {
      return 503;
    }
    return 500;
  }

  static void respond(Context ctx, EstranException e) {
    if (e instanceof RateLimited limited) {
      ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
    }
    respond(ctx, status(e), e.code(), e.getMessage(), e.details());
  }

  /**
   * Answers an exception outside the vocabulary: {@code 503 unavailable} when the database cannot
   * be reached (one warning line), else {@code 500 internal} (logged with its stack).
   */
  static void respondUnexpected(Context ctx, Exception e) {
    if (DatabaseOutages.isOutage(e)) {
      LOG.warn("The database is unreachable for {} {}: {}", ctx.method(), ctx.path(), e.toString());
      respond(ctx, new Unavailable("The database cannot be reached right now; try again shortly."));
    } else {
      LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
      respond(ctx, 500, "internal", "Something went wrong on our side.", Map.of());
    }
  }

  static void respond(
      Context ctx, int status, String code, String message, Map<String, ?> details) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("details", details);
    ctx.status(status).json(Map.of("error", error));
  }

  /** The contract code of a status Estran did not choose itself (Javalin's or Jetty's). */
  static String codeFor(int status) {
    return switch (status) {
      case 400 -> "invalid_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "http_" + status;
    };
  }
}
