package bzh.estran.tenancy.core;

import java.time.Instant;
import java.util.UUID;

/** A member of the pool (university, incubator, public body, company); holds a quota. */
public record Institution(
    UUID id, String slug, String name, InstitutionKind kind, Instant createdAt) {}
