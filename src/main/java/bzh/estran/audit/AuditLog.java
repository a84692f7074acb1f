package bzh.estran.audit;

import bzh.estran.audit.core.AuditEntry;
import bzh.estran.audit.core.AuditEvent;
import bzh.estran.audit.core.AuditEvent.InstitutionHint;
import bzh.estran.audit.core.AuditPage;
import bzh.estran.auth.core.Principal;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.NotFound;
import bzh.estran.tenancy.core.Membership;
import bzh.estran.tenancy.core.Role;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: an append-only record of every state-changing request (who, what, on what, in
 * which institution, with which outcome, from where), and who may read which part of it. A request
 * that changed something has its entry written in the same transaction as the change; a refused one
 * (nothing changed) has its entry written afterwards, best effort.
 */
public final class AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final Jdbi jdbi;
  private final Clock clock;

  public AuditLog(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Appends the event, stamped with the current time and its institution resolved. Never throws: an
   * entry that cannot be written is logged (one line) and the caller's work goes on.
   */
  public void record(AuditEvent event) {
    try {
      jdbi.useHandle(handle -> record(handle, event));
    } catch (RuntimeException e) {
      LOG.error(
          "Could not write the audit entry for {} {} (status {}): {}",
          event.actorEmail(),
          event.action(),
          event.status(),
          e.toString());
    }
  }

  /**
   * Appends the event inside the caller's transaction, so that it is committed with the change it
   * records, or not at all. Throws when it cannot be written.
   */
  public void record(Handle handle, AuditEvent event) {
    AuditDao dao = handle.attach(AuditDao.class);
    dao.insert(
        clock.instant(),
        event.actorId(),
        event.actorEmail(),
        event.action(),
        event.target(),
        institutionOf(dao, event.institution()),
        event.status(),
        event.ip(),
        event.userAgent());
  }

  /**
   * Appends several events inside the caller's transaction, in one JDBC batch, each exactly as
   * {@link #record(Handle, AuditEvent)} would (an admission group's entries). Throws when they
   * cannot be written.
   */
  public void recordAll(Handle handle, List<AuditEvent> events) {
    AuditDao dao = handle.attach(AuditDao.class);
    Instant at = clock.instant();
    PreparedBatch batch = handle.prepareBatch(AuditDao.INSERT);
    for (AuditEvent event : events) {
      batch
          .bind("at", at)
          .bind("actorId", event.actorId())
          .bind("actorEmail", event.actorEmail())
          .bind("action", event.action())
          .bind("target", event.target())
          .bind("institutionId", institutionOf(dao, event.institution()))
          .bind("status", event.status())
          .bind("ip", event.ip())
          .bind("userAgent", event.userAgent())
          .add();
    }
    if (batch.size() > 0) {
      batch.execute();
    }
  }

  private static UUID institutionOf(AuditDao dao, InstitutionHint hint) {
    if (hint instanceof InstitutionHint.Known known) {
      return known.id();
    } else if (hint instanceof InstitutionHint.Slug slug) {
      return dao.institutionBySlug(slug.slug()).orElse(null);
    } else if (hint instanceof InstitutionHint.OfSandbox sandbox) {
      return dao.institutionOfSandbox(sandbox.sandboxId()).orElse(null);
    } else if (hint instanceof InstitutionHint.OfCohort cohort) {
      return dao.institutionOfCohort(cohort.cohortId()).orElse(null);
    }
    return null;
  }

  /**
   * A page of the entries the caller may read, newest first: platform admins read all of them,
   * institution admins those of the institutions they administer; anyone else is {@link Forbidden}.
   * An institution filter the caller cannot see is {@link NotFound}.
   */
  public AuditPage list(Principal caller, AuditQuery query) {
    List<UUID> administered =
        caller.memberships().stream()
            .filter(membership -> membership.role() == Role.INSTITUTION_ADMIN)
            .map(Membership::institutionId)
            .toList();
    if (!caller.isPlatformAdmin() && administered.isEmpty()) {
      throw new Forbidden("Only platform admins and institution admins may read the audit log.");
    }
    return jdbi.withHandle(
        handle -> {
          AuditDao dao = handle.attach(AuditDao.class);
          UUID institutionId = null;
          if (query.institution() != null) {
            institutionId =
                dao.institutionBySlug(query.institution())
                    .filter(caller::canSee)
                    .orElseThrow(() -> new NotFound("No institution " + query.institution() + "."));
            if (!caller.administers(institutionId)) {
              throw new Forbidden(
                  "Only an admin of " + query.institution() + " may read its audit log.");
            }
          }
          List<AuditEntry> rows =
              dao.list(
                  where(caller, query),
                  administered.toArray(UUID[]::new),
                  institutionId,
                  query.actor(),
                  query.action(),
                  query.from(),
                  query.to(),
                  query.before(),
                  query.limit() + 1);
          boolean more = rows.size() > query.limit();
          List<AuditEntry> entries = more ? rows.subList(0, query.limit()) : rows;
          return new AuditPage(entries, more ? entries.get(entries.size() - 1).id() : null);
        });
  }

  private static String where(Principal caller, AuditQuery query) {
    List<String> where = new ArrayList<>();
    if (!caller.isPlatformAdmin()) {
      where.add("a.institution_id = any(:institutionIds)");
    }
    if (query.institution() != null) {
      where.add("a.institution_id = :institutionId");
    }
    if (query.actor() != null) {
      where.add("lower(a.actor_email) = lower(:actor)");
    }
    if (query.action() != null) {
      where.add("strpos(lower(a.action), lower(:action)) > 0");
    }
    if (query.from() != null) {
      where.add("a.at >= :from");
    }
    if (query.to() != null) {
      where.add("a.at < :to");
    }
    if (query.before() != null) {
      where.add("a.id < :before");
    }
    return where.isEmpty() ? "true" : String.join(" and ", where);
  }
}
