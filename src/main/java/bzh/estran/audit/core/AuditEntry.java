package bzh.estran.audit.core;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the audit log.
 *
 * @param institution the slug of {@code institutionId}, or null
 */
public record AuditEntry(
    long id,
    Instant at,
    UUID actorId,
    String actorEmail,
    String action,
    String target,
    UUID institutionId,
    String institution,
    int status,
    String ip,
    String userAgent) {}
