package bzh.estran.http;

import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Problem;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** Refuses, before any route, query parameters that no column can store (a NUL character). */
final class QueryParameters {

  private QueryParameters() {}

  /** A before-handler: 400 naming each parameter whose name or value holds a NUL character. */
  static void refuseNul(Context ctx) {
    FieldErrors errors = new FieldErrors();
    for (Map.Entry<String, List<String>> parameter : ctx.queryParamMap().entrySet()) {
      boolean nul =
          parameter.getKey().indexOf('\0') >= 0
              || parameter.getValue().stream().anyMatch(value -> value.indexOf('\0') >= 0);
      if (nul) {
        errors.add(
            parameter.getKey().replace("\0", "\\u0000"),
            Problem.of("no_nul", "must not contain the NUL character"));
      }
    }
    errors.throwIfAny();
  }
}
