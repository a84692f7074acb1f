package bzh.estran.sandbox;

import java.time.Duration;

/**
 * What a reconciliation asks for next: nothing ({@code retryAfter} null), or another pass later.
 */
public record ReconcileOutcome(Duration retryAfter) {

  public static final ReconcileOutcome DONE = new ReconcileOutcome(null);
  public static final ReconcileOutcome AGAIN = new ReconcileOutcome(Duration.ZERO);

  public static ReconcileOutcome after(Duration wait) {
    return new ReconcileOutcome(wait);
  }
}
