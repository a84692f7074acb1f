package bzh.estran.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Too many state-changing requests: {@code limit} per {@code per}; try again after some seconds.
 */
public final class RateLimited extends EstranException {

  private final long limit;
  private final String per;
  private final long retryAfterSeconds;

  public RateLimited(long limit, String per, long retryAfterSeconds) {
    super(
        "rate_limited",
        Problem.of(
            "rate_limited",
            "Too many requests: at most {0} changes per {1}. Try again in {2} s.",
            limit,
            Problem.word("per." + per, per),
            retryAfterSeconds));
    this.limit = limit;
    this.per = per;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Whole seconds (at least one) after which a request may succeed. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("limit", limit);
    details.put("per", per);
    return details;
  }
}
