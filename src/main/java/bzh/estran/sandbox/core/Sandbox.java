package bzh.estran.sandbox.core;

import bzh.estran.catalog.core.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A sandbox as the database holds it: who owns it, what it was made from, where it lives on the
 * cluster and where it stands in its lifecycle.
 */
public record Sandbox(
    UUID id,
    String name,
    UUID ownerId,
    String ownerEmail,
    UUID institutionId,
    String institutionSlug,
    UUID cohortId,
    String template,
    List<String> datasets,
    Size size,
    SandboxState state,
    String namespace,
    Instant createdAt,
    Instant expiresAt,
    Instant readyAt,
    Instant deletedAt,
    String failure) {

  public Sandbox {
    datasets = List.copyOf(datasets);
  }
}
