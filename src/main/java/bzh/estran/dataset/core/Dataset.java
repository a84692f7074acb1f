package bzh.estran.dataset.core;

import java.time.Instant;
import java.util.UUID;

/** A dataset as data stewards describe it. Its pseudonymisation secret is not part of it. */
public record Dataset(
    UUID id,
    String name,
    String title,
    String description,
    String licence,
    Provenance provenance,
    Instant createdAt) {}
