package bzh.estran.cohort.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A class or incubation batch inside an institution: its dates, the longest sandbox it allows,
 * optional sub-limits (null: no sub-limit) and its join code.
 */
public record Cohort(
    UUID id,
    UUID institutionId,
    String institutionSlug,
    String name,
    Instant startsAt,
    Instant endsAt,
    Duration maxSandboxDuration,
    CohortLimits limits,
    JoinCode joinCode,
    Instant createdAt) {

  /** Sub-limits inside the institution's quota; each null field is no sub-limit. */
  public record CohortLimits(
      Integer maxSandboxes,
      BigDecimal cpu,
      BigDecimal memoryGiB,
      BigDecimal storageGiB,
      BigDecimal coreHoursPerMonth) {

    public static final CohortLimits NONE = new CohortLimits(null, null, null, null, null);

    public boolean any() {
      return maxSandboxes != null
          || cpu != null
          || memoryGiB != null
          || storageGiB != null
          || coreHoursPerMonth != null;
    }
  }

  /** The code people join with; it may expire and may be limited to a number of uses. */
  public record JoinCode(String code, Instant expiresAt, Integer maxUses, int uses) {

    /** Why the code cannot be used at {@code now}, if it cannot. */
    public java.util.Optional<String> unusableAt(Instant now) {
      if (expiresAt != null && !now.isBefore(expiresAt)) {
        return java.util.Optional.of("has expired");
      }
      if (maxUses != null && uses >= maxUses) {
        return java.util.Optional.of("has been used up");
      }
      return java.util.Optional.empty();
    }
  }

  public boolean hasEndedAt(Instant now) {
    return !now.isBefore(endsAt);
  }
}
