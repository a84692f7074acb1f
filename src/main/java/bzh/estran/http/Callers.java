package bzh.estran.http;

import bzh.estran.auth.core.Principal;
import bzh.estran.errors.NotFound;
import io.javalin.http.Context;
import java.util.UUID;

/** The authenticated caller of a request, and path ids. */
final class Callers {

  static final String ATTRIBUTE = "estran.principal";

  private Callers() {}

  static Principal of(Context ctx) {
    Principal principal = ctx.attribute(ATTRIBUTE);
    if (principal == null) {
      throw new IllegalStateException("route " + ctx.path() + " is not behind authentication");
    }
    return principal;
  }

  /** A UUID path parameter; a malformed one names nothing, hence 404. */
  static UUID id(Context ctx, String param, String what) {
    String text = ctx.pathParam(param);
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new NotFound("No " + what + " " + text + ".");
    }
  }
}
