package bzh.estran.http;

import bzh.estran.audit.AuditLog;
import bzh.estran.audit.AuditQuery;
import bzh.estran.audit.core.AuditEntry;
import bzh.estran.audit.core.AuditPage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code /audit}: the audit log, for platform admins (all) and institution admins (theirs). */
final class AuditRoutes {

  private final AuditLog audit;

  AuditRoutes(AuditLog audit) {
    this.audit = audit;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/audit", this::list);
  }

  private void list(Context ctx) {
    AuditQuery query =
        AuditQuery.parse(
            ctx.queryParam("actor"),
            ctx.queryParam("institution"),
            ctx.queryParam("action"),
            ctx.queryParam("from"),
            ctx.queryParam("to"),
            ctx.queryParam("limit"),
            ctx.queryParam("before"));
    AuditPage page = audit.list(Callers.of(ctx), query);
    ctx.json(new PageView(page.entries().stream().map(EntryView::of).toList(), page.next()));
  }

  record PageView(List<EntryView> entries, Long next) {}

  record EntryView(
      long id,
      Instant at,
      UUID actorId,
      String actorEmail,
      String action,
      String target,
      String institution,
      int status,
      String ip,
      String userAgent) {
    static EntryView of(AuditEntry entry) {
      return new EntryView(
          entry.id(),
          entry.at(),
          entry.actorId(),
          entry.actorEmail(),
          entry.action(),
          entry.target(),
          entry.institution(),
          entry.status(),
          entry.ip(),
          entry.userAgent());
    }
  }
}
