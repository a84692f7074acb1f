package bzh.estran.http;

import bzh.estran.audit.AuditLog;
import bzh.estran.audit.core.AuditEvent;
import bzh.estran.audit.core.AuditEvent.InstitutionHint;
import bzh.estran.auth.PrincipalCache;
import bzh.estran.auth.core.Principal;
import io.javalin.config.JavalinState;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one audit entry per state-changing request under {@code /api/} (POST, PUT, PATCH, DELETE),
 * refused ones included, and ends the request's transaction ({@link RequestTransactions}): a
 * successful change is committed with its entry, in one transaction. An entry holds the actor (none
 * when unauthenticated), the action (method and route, e.g. {@code POST
 * /api/v1/sandboxes/{id}/extend}, or {@code POST unmatched}), the target (the path parameters, e.g.
 * {@code id=...}), the institution, the status, the address and the user agent. Bodies, other
 * headers and query strings are never read into it.
 *
 * <p>The institution is, in this order: the {@link UUID} a route stored in the context attribute
 * {@value #INSTITUTION_ATTRIBUTE} (a route that knows better says so: {@code
 * ctx.attribute(AuditTrail.INSTITUTION_ATTRIBUTE, institutionId)}); the one named by a {@code slug}
 * path parameter; the sandbox's or the cohort's, for an {@code id} under {@code /api/v1/sandboxes/}
 * or {@code /api/v1/cohorts/}; for a successful {@code POST /api/v1/sandboxes}, {@code POST
 * /api/v1/institutions} or {@code POST /api/v1/join}, the one the response names; else none.
 *
 * <p>A route that writes the entry itself, in the transaction of its change (a creation admitted in
 * a group, {@link SandboxRoutes}), builds it with {@link #entryFor} and says so with {@link
 * #written}: no second entry is written for it.
 *
 * <p>Once a change other than a sandbox's is committed, the cache of callers ({@link
 * PrincipalCache}) is emptied: it may have revoked a token, deactivated a user or changed a role.
 */
final class AuditTrail {

  /** The context attribute (a {@link UUID}) by which a route names the institution concerned. */
  static final String INSTITUTION_ATTRIBUTE = "estran.audit.institution";

  /**
   * The context attribute ({@code true}) by which a route says it wrote the request's entry itself,
   * in the transaction of its change (an admission group's): nothing is written after it.
   */
  private static final String WRITTEN_ATTRIBUTE = "estran.audit.written";

  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  private static final Set<HandlerType> STATE_CHANGING =
      Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

  /** Actions whose successful response names the institution: action to the slug's JSON pointer. */
  private static final Map<String, String> NAMED_IN_RESPONSE =
      Map.of(
          "POST /api/v1/sandboxes", "/institution",
          "POST /api/v1/institutions", "/slug",
          "POST /api/v1/join", "/cohort/institution");

  private final AuditLog log;
  private final RequestTransactions transactions;
  private final JsonMapper mapper;
  private final JavalinState javalin;
  private final PrincipalCache principals;

  AuditTrail(
      AuditLog log,
      RequestTransactions transactions,
      JsonMapper mapper,
      JavalinState javalin,
      PrincipalCache principals) {
    this.log = log;
    this.principals = principals;
    this.transactions = transactions;
    this.mapper = mapper;
    this.javalin = javalin;
  }

  static boolean changesState(Context ctx) {
    return STATE_CHANGING.contains(ctx.method());
  }

  /**
   * An after-handler, for a request that changes state: when it succeeded, writes its entry in the
   * request's transaction and commits both (if that fails, nothing is kept and the response becomes
   * {@code 503} or {@code 500}); when it was refused, rolls back and writes the entry on its own,
   * best effort (a log line if even that fails).
   */
  void record(Context ctx) {
    if (!changesState(ctx)) {
      return;
    }
    if (Boolean.TRUE.equals(ctx.attribute(WRITTEN_ATTRIBUTE))) {
      transactions.end(ctx);
      return;
    }
    Handle handle = transactions.of(ctx);
    try {
      if (handle != null && ctx.statusCode() < 400 && commitWithEntry(ctx, handle)) {
        return;
      }
    } finally {
      transactions.end(ctx);
    }
    AuditEvent event;
    try {
      event = event(ctx);
    } catch (RuntimeException e) {
      LOG.error(
          "Could not describe {} {} for the audit log: {}", ctx.method(), ctx.path(), e.toString());
      return;
    }
    log.record(event);
  }

  /** Writes the entry and commits; on failure, turns the response into the failure's error. */
  private boolean commitWithEntry(Context ctx, Handle handle) {
    try {
      AuditEvent event = event(ctx);
      log.record(handle, event);
      handle.commit();
      if (!event.action().contains(" /api/v1/sandboxes")) {
        principals.invalidateAll(); // the change may be of who someone is: a token, a role
      }
      return true;
    } catch (RuntimeException e) {
      ErrorMapping.respondUnexpected(ctx, e);
      return false;
    }
  }

  /**
   * The entry this request gets if it ends with {@code status} in {@code institutionId}, for a
   * route that writes it itself with its change; the route then says so ({@link #written}).
   */
  AuditEvent entryFor(Context ctx, int status, UUID institutionId) {
    return event(ctx, status, institutionId);
  }

  /** Tells {@link #record} that the request's entry is written (see {@link #entryFor}). */
  static void written(Context ctx) {
    ctx.attribute(WRITTEN_ATTRIBUTE, true);
  }

  private AuditEvent event(Context ctx) {
    return event(ctx, ctx.statusCode(), ctx.attribute(INSTITUTION_ATTRIBUTE));
  }

  /** The entry, the institution stated by the route ({@code stated}, a UUID) or told. */
  private AuditEvent event(Context ctx, int status, Object stated) {
    Principal caller = ctx.attribute(Callers.ATTRIBUTE);
    // The route the request was for, even when it was refused before reaching it (401, 429).
    ParsedEndpoint route =
        javalin.internalRouter.findFirstHttpHandlerEntry(ctx.method(), ctx.path());
    Map<String, String> params = route == null ? Map.of() : route.extractPathParams(ctx.path());
    String action = ctx.method().name() + " " + (route == null ? "unmatched" : route.endpoint.path);
    String target =
        params.isEmpty()
            ? null
            : params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    return new AuditEvent(
        caller == null ? null : caller.id(),
        caller == null ? null : caller.user().email(),
        action,
        target,
        institution(ctx, action, params, status, stated),
        status,
        ctx.ip(),
        ctx.userAgent());
  }

  private InstitutionHint institution(
      Context ctx, String action, Map<String, String> params, int status, Object stated) {
    if (stated instanceof UUID id) {
      return new InstitutionHint.Known(id);
    }
    if (params.containsKey("slug")) {
      return new InstitutionHint.Slug(params.get("slug"));
    }
    UUID id = uuid(params.get("id"));
    if (id != null && action.contains(" /api/v1/sandboxes/{id}")) {
      return new InstitutionHint.OfSandbox(id);
    }
    if (id != null && action.contains(" /api/v1/cohorts/{id}")) {
      return new InstitutionHint.OfCohort(id);
    }
    String pointer = NAMED_IN_RESPONSE.get(action);
    if (pointer != null && status / 100 == 2) {
      String slug = mapper.readTree(ctx.result()).at(pointer).asString("");
      return slug.isEmpty() ? InstitutionHint.NONE : new InstitutionHint.Slug(slug);
    }
    return InstitutionHint.NONE;
  }

  /** The id, or null when there is none or it is malformed (and so names nothing). */
  private static UUID uuid(String text) {
    try {
      return text == null ? null : UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
