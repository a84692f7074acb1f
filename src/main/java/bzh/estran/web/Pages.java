package bzh.estran.web;

import bzh.estran.audit.AuditLog;
import bzh.estran.audit.core.AuditEvent;
import bzh.estran.audit.core.AuditEvent.InstitutionHint;
import bzh.estran.auth.AuthService;
import bzh.estran.auth.core.Principal;
import bzh.estran.errors.EstranException;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.NotFound;
import bzh.estran.errors.RateLimited;
import bzh.estran.errors.Unauthorized;
import bzh.estran.web.core.Languages;
import bzh.estran.web.core.Secrets;
import bzh.estran.web.core.SecurityHeaders;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers page routes, and does for each request what every page needs: security headers,
 * language, session and caller, the sign-in requirement, the CSRF check of every POST, and error
 * pages. Page classes only say {@code pages.get(routes, "/path", Access.SIGNED_IN, this::show)}.
 */
public final class Pages {

  private static final Logger LOG = LoggerFactory.getLogger(Pages.class);

  /** Who may open a page. Finer rules (institution, cohort) are the services'. */
  public enum Access {
    /** Anyone, signed in or not. */
    PUBLIC,
    /** Signed-in people; others are sent to the sign-in page and brought back. */
    SIGNED_IN
  }

  private final AuthService auth;
  private final WebSessions sessions;
  private final Cookies cookies;
  private final Templates templates;
  private final java.time.Clock clock;
  private final java.time.ZoneId zone;
  private final AuditLog audit;
  private final WebPages.FormLimit limit;

  public Pages(
      AuditLog audit,
      AuthService auth,
      WebSessions sessions,
      Cookies cookies,
      Templates templates,
      java.time.Clock clock,
      java.time.ZoneId zone,
      WebPages.FormLimit limit) {
    this.limit = limit;
    this.audit = audit;
    this.clock = clock;
    this.zone = zone;
    this.auth = auth;
    this.sessions = sessions;
    this.cookies = cookies;
    this.templates = templates;
  }

  public void get(RoutesConfig routes, String path, Access access, PageHandler handler) {
    routes.get(path, ctx -> run(ctx, access, false, handler));
  }

  /** A form target: refused with 403 unless the form carries the session's CSRF token. */
  public void post(RoutesConfig routes, String path, Access access, PageHandler handler) {
    routes.post(path, ctx -> run(ctx, access, true, handler));
  }

  /** Sets the security headers on a response that is not a page (an asset, a download). */
  public static void secure(Context ctx) {
    SecurityHeaders.ALL.forEach(ctx::header);
  }

  private void run(Context ctx, Access access, boolean form, PageHandler handler) {
    Optional<Principal> caller = serve(ctx, access, form, handler);
    if (form && !ctx.path().startsWith("/sandboxes")) {
      auth.principals().invalidateAll(); // a form may have changed who someone is
    }
    if (form) {
      record(ctx, caller);
    }
  }

  /**
   * Every form a page sends changes something (or tries to): it goes to the audit log like the
   * API's state-changing requests, with the route and its path parameters, never the form fields.
   */
  private void record(Context ctx, Optional<Principal> caller) {
    try {
      Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
      Map<String, String> params = ctx.pathParamMap();
      String target =
          params.isEmpty()
              ? null
              : new java.util.TreeMap<>(params)
                  .entrySet().stream()
                      .map(e -> e.getKey() + "=" + e.getValue())
                      .collect(java.util.stream.Collectors.joining(", "));
      InstitutionHint institution = InstitutionHint.NONE;
      if (params.containsKey("slug")) {
        institution = new InstitutionHint.Slug(params.get("slug"));
      } else if (params.containsKey("id") && ctx.path().startsWith("/sandboxes/")) {
        institution = new InstitutionHint.OfSandbox(UUID.fromString(params.get("id")));
      } else if (params.containsKey("id") && ctx.path().startsWith("/cohorts/")) {
        institution = new InstitutionHint.OfCohort(UUID.fromString(params.get("id")));
      }
      audit.record(
          new AuditEvent(
              caller.map(Principal::id).orElse(null),
              caller.map(p -> p.user().email()).orElse(null),
              "POST " + (endpoint == null ? ctx.path() : endpoint.path),
              target,
              institution,
              ctx.statusCode(),
              ctx.ip(),
              ctx.userAgent()));
    } catch (RuntimeException e) {
      LOG.error("Could not record page form {} in the audit log: {}", ctx.path(), e.toString());
    }
  }

  private Optional<Principal> serve(Context ctx, Access access, boolean form, PageHandler handler) {
    secure(ctx);
    ctx.header("Cache-Control", "no-store");
    Messages messages =
        Messages.of(Languages.choose(cookies.language(ctx), ctx.header("Accept-Language")));
    Optional<WebSession> session = sessions.find(cookies.session(ctx));
    Optional<Principal> principal = session.flatMap(s -> caller(ctx, s));
    if (principal.isEmpty() && session.flatMap(WebSession::user).isPresent()) {
      session = Optional.empty(); // the user was deactivated: the session went with them
    }
    WebRequest request =
        new WebRequest(
            ctx, messages, cookies, sessions, templates, session, principal, clock, zone);
    try {
      if (form) {
        // like the API's changes: the signed-in user's allowance, else the visitor's address
        limit.acquire(principal.<Object>map(Principal::id).orElse("ip:" + ctx.ip()));
      }
      if (form && !csrfMatches(ctx, session)) {
        error(request, 403, "error.csrf");
        return principal;
      }
      if (access == Access.SIGNED_IN && principal.isEmpty()) {
        toSignIn(request, form);
        return principal;
      }
      handler.handle(request);
    } catch (Unauthorized e) {
      toSignIn(request, form);
    } catch (NotFound e) {
      error(request, 404, "error.not_found");
    } catch (Forbidden e) {
      error(request, 403, "error.forbidden");
    } catch (RateLimited e) {
      ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
      error(request, 429, "error.rate_limited", request.page().sentence(e));
    } catch (EstranException e) {
      error(request, 409, "error.refused", request.page().sentence(e));
    } catch (Exception e) {
      LOG.error("Unexpected error on page {} {}", ctx.method(), ctx.path(), e);
      error(request, 500, "error.internal");
    }
    return principal;
  }

  private Optional<Principal> caller(Context ctx, WebSession session) {
    if (session.user().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(auth.principalOf(session.userId()));
    } catch (Unauthorized e) {
      sessions.close(session);
      cookies.clearSession(ctx);
      return Optional.empty();
    }
  }

  private static boolean csrfMatches(Context ctx, Optional<WebSession> session) {
    return session.isPresent() && Secrets.matches(session.get().csrfToken(), ctx.formParam("csrf"));
  }

  private static void toSignIn(WebRequest request, boolean form) {
    Context ctx = request.ctx();
    String back =
        form ? "/" : ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    request.redirect("/signin?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
  }

  /**
   * Renders the error page with status {@code status}: a sentence from the bundle, and a detail.
   */
  static void error(WebRequest request, int status, String key, String... detail) {
    request.ctx().status(status);
    request.render(
        "error.jte",
        Map.of("title", request.t(key), "detail", detail.length == 0 ? "" : detail[0]));
  }
}
