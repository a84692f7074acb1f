package bzh.estran.web;

import bzh.estran.auth.AuthService;
import bzh.estran.auth.core.Principal;
import bzh.estran.errors.EstranException;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.NotFound;
import bzh.estran.errors.Unauthorized;
import bzh.estran.web.core.Languages;
import bzh.estran.web.core.Secrets;
import bzh.estran.web.core.SecurityHeaders;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
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

  private final FormAudit audit;

  public Pages(
      AuthService auth,
      WebSessions sessions,
      Cookies cookies,
      Templates templates,
      java.time.Clock clock,
      java.time.ZoneId zone) {
    this(auth, sessions, cookies, templates, clock, zone, FormAudit.NONE);
  }

  /**
   * With {@code audit}: every form sent to a page is written to the audit log, as API calls are.
   */
  public Pages(
      AuthService auth,
      WebSessions sessions,
      Cookies cookies,
      Templates templates,
      java.time.Clock clock,
      java.time.ZoneId zone,
      FormAudit audit) {
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
    routes.post(
        path,
        ctx -> {
          try {
            run(ctx, access, true, handler);
          } finally {
            audit.record(ctx, path);
          }
        });
  }

  /** Sets the security headers on a response that is not a page (an asset, a download). */
  public static void secure(Context ctx) {
    SecurityHeaders.ALL.forEach(ctx::header);
  }

  private void run(Context ctx, Access access, boolean form, PageHandler handler) {
    secure(ctx);
    ctx.header("Cache-Control", "no-store");
    Messages messages =
        Messages.of(Languages.choose(cookies.language(ctx), ctx.header("Accept-Language")));
    Optional<WebSession> session = sessions.find(cookies.session(ctx));
    Optional<Principal> principal = session.flatMap(s -> caller(ctx, s));
    if (principal.isEmpty() && session.flatMap(WebSession::user).isPresent()) {
      session = Optional.empty(); // the user was deactivated: the session went with them
    }
    ctx.attribute(FormAudit.CALLER, principal.orElse(null));
    WebRequest request =
        new WebRequest(
            ctx, messages, cookies, sessions, templates, session, principal, clock, zone);
    try {
      if (form && !csrfMatches(ctx, session)) {
        error(request, 403, "error.csrf");
        return;
      }
      if (access == Access.SIGNED_IN && principal.isEmpty()) {
        toSignIn(request, form);
        return;
      }
      handler.handle(request);
    } catch (Unauthorized e) {
      toSignIn(request, form);
    } catch (NotFound e) {
      error(request, 404, "error.not_found");
    } catch (Forbidden e) {
      error(request, 403, "error.forbidden");
    } catch (EstranException e) {
      error(request, 409, "error.refused", e.getMessage());
    } catch (Exception e) {
      LOG.error("Unexpected error on page {} {}", ctx.method(), ctx.path(), e);
      error(request, 500, "error.internal");
    }
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
