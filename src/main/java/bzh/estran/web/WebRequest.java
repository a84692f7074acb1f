package bzh.estran.web;

import bzh.estran.auth.core.Principal;
import bzh.estran.errors.Unauthorized;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One page request as page handlers see it: who is signed in, the language, the session (made on
 * demand for a visitor's forms), form fields, and rendering.
 */
public final class WebRequest {

  private final Context ctx;
  private final Messages messages;
  private final Cookies cookies;
  private final WebSessions sessions;
  private final Templates templates;
  private Optional<WebSession> session;
  private final Optional<Principal> principal;
  private final java.time.Clock clock;
  private final java.time.ZoneId zone;

  WebRequest(
      Context ctx,
      Messages messages,
      Cookies cookies,
      WebSessions sessions,
      Templates templates,
      Optional<WebSession> session,
      Optional<Principal> principal,
      java.time.Clock clock,
      java.time.ZoneId zone) {
    this.clock = clock;
    this.zone = zone;
    this.ctx = ctx;
    this.messages = messages;
    this.cookies = cookies;
    this.sessions = sessions;
    this.templates = templates;
    this.session = session;
    this.principal = principal;
  }

  public Context ctx() {
    return ctx;
  }

  public Messages messages() {
    return messages;
  }

  /** A message in the page's language. */
  public String t(String key, Object... args) {
    return messages.get(key, args);
  }

  /** The signed-in caller; only called by handlers of pages that require sign-in. */
  public Principal principal() {
    return principal.orElseThrow(() -> new Unauthorized("Sign in first."));
  }

  public Optional<Principal> maybePrincipal() {
    return principal;
  }

  /** The session, opening a visitor session (and setting its cookie) when there is none. */
  public WebSession session() {
    if (session.isEmpty()) {
      WebSessions.Opened opened = sessions.openVisitor();
      cookies.setSession(ctx, opened.id());
      session = Optional.of(opened.session());
    }
    return session.get();
  }

  public Optional<WebSession> existingSession() {
    return session;
  }

  /** A form field, trimmed; null when absent or blank. */
  public String form(String name) {
    String value = ctx.formParam(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** A UUID path parameter; {@link bzh.estran.errors.NotFound} for a malformed one. */
  public UUID idParam(String name) {
    try {
      return UUID.fromString(ctx.pathParam(name));
    } catch (IllegalArgumentException e) {
      throw new bzh.estran.errors.NotFound("No such page.");
    }
  }

  /** The model every template gets. */
  public Page page() {
    return new Page(messages, principal, session().csrfToken(), ctx.path(), clock, zone);
  }

  /** Renders {@code template} with {@code page} and the given parameters, as the response. */
  public void render(String template, Map<String, Object> params) {
    Map<String, Object> all = new HashMap<>(params);
    all.put("page", page());
    ctx.html(templates.render(template, all));
  }

  /** Answers 303 See Other to a path of this site (after a form: the browser then GETs it). */
  public void redirect(String path) {
    ctx.redirect(path, io.javalin.http.HttpStatus.SEE_OTHER);
  }
}
