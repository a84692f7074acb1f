package bzh.estran.tenancy.core;

import java.time.Instant;
import java.util.UUID;

/** A person who uses Estran. */
public record User(
    UUID id, String email, String name, boolean platformAdmin, boolean active, Instant createdAt) {}
