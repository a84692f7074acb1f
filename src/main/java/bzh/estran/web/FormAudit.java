package bzh.estran.web;

import bzh.estran.audit.AuditLog;
import bzh.estran.audit.core.AuditEvent;
import bzh.estran.audit.core.AuditEvent.InstitutionHint;
import bzh.estran.auth.core.Principal;
import io.javalin.http.Context;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes one audit entry per form sent to a page (every page POST changes state), as the API's
 * audit trail does for its calls: the actor, the action ({@code POST} and the page's route, e.g.
 * {@code POST /institutions/{slug}/members/{userId}/role}), the path parameters, the institution
 * (by slug, or the sandbox's or cohort's for an {@code id} under {@code /sandboxes/} or {@code
 * /cohorts/}), the status, the address and the user agent. Form fields are never read into it.
 */
public final class FormAudit {

  /** The context attribute where {@link Pages} leaves the caller (a {@link Principal}, or null). */
  static final String CALLER = "estran.page.caller";

  /** Writes nothing (pages built without an audit log). */
  static final FormAudit NONE = new FormAudit(null);

  private final AuditLog log;

  public FormAudit(AuditLog log) {
    this.log = log;
  }

  void record(Context ctx, String route) {
    if (log == null) {
      return;
    }
    Principal caller = ctx.attribute(CALLER);
    Map<String, String> params = ctx.pathParamMap();
    String target =
        params.isEmpty()
            ? null
            : params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .sorted()
                .collect(Collectors.joining(", "));
    log.record(
        new AuditEvent(
            caller == null ? null : caller.id(),
            caller == null ? null : caller.user().email(),
            "POST " + route,
            target,
            institution(route, params),
            ctx.statusCode(),
            ctx.ip(),
            ctx.userAgent()));
  }

  private static InstitutionHint institution(String route, Map<String, String> params) {
    if (params.containsKey("slug")) {
      return new InstitutionHint.Slug(params.get("slug"));
    }
    UUID id = uuid(params.get("id"));
    if (id != null && route.startsWith("/sandboxes/")) {
      return new InstitutionHint.OfSandbox(id);
    }
    if (id != null && route.startsWith("/cohorts/")) {
      return new InstitutionHint.OfCohort(id);
    }
    return InstitutionHint.NONE;
  }

  private static UUID uuid(String text) {
    try {
      return text == null ? null : UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
