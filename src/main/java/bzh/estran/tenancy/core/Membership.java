package bzh.estran.tenancy.core;

import java.util.UUID;

/** A user's role in one institution. */
public record Membership(UUID institutionId, String institutionSlug, Role role) {}
