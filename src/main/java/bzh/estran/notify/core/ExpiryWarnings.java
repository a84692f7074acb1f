package bzh.estran.notify.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** When to warn before an expiry: the configured leads whose moment is still ahead. */
public final class ExpiryWarnings {

  private final List<Duration> leads;

  public ExpiryWarnings(List<Duration> leads) {
    this.leads = List.copyOf(leads);
  }

  /** The leads to schedule for {@code expiresAt}, seen at {@code now}: those not yet past. */
  public List<Duration> ahead(Instant expiresAt, Instant now) {
    return leads.stream().filter(lead -> expiresAt.minus(lead).isAfter(now)).toList();
  }
}
