package bzh.estran.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/** Admission refused: which limit, in which scope, what was asked and what is left. */
public final class QuotaExceeded extends EstranException {

  private final String limit;
  private final String scope;
  private final Object requested;
  private final Object remaining;

  public QuotaExceeded(String limit, String scope, Object requested, Object remaining) {
    super(
        "quota_exceeded",
        Problem.of(
            "quota_exceeded",
            "The {0} quota does not allow this: {1} requested {2}, remaining {3}.",
            Problem.word("scope." + scope, scope),
            Problem.word("limit." + limit, limit),
            requested,
            remaining));
    this.limit = limit;
    this.scope = scope;
    this.requested = requested;
    this.remaining = remaining;
  }

  public String limit() {
    return limit;
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("limit", limit);
    details.put("scope", scope);
    details.put("requested", requested);
    details.put("remaining", remaining);
    return details;
  }
}
