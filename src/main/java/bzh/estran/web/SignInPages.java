package bzh.estran.web;

import bzh.estran.auth.AuthService;
import bzh.estran.auth.core.Principal;
import bzh.estran.errors.Unauthorized;
import bzh.estran.web.Pages.Access;
import bzh.estran.web.core.LocalPath;
import io.javalin.config.RoutesConfig;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in through an identity provider (OIDC code flow with PKCE), or by pasting an API token;
 * sign-out. Both sign-ins end in a new session (new id, new CSRF token).
 */
final class SignInPages {

  private final Pages pages;
  private final OidcLogin oidc;
  private final IdTokenSignIn idTokens;
  private final AuthService auth;
  private final WebSessions sessions;
  private final Cookies cookies;
  private final Optional<URI> publicUrl;

  SignInPages(
      Pages pages,
      OidcLogin oidc,
      IdTokenSignIn idTokens,
      AuthService auth,
      WebSessions sessions,
      Cookies cookies,
      Optional<URI> publicUrl) {
    this.pages = pages;
    this.oidc = oidc;
    this.idTokens = idTokens;
    this.auth = auth;
    this.sessions = sessions;
    this.cookies = cookies;
    this.publicUrl = publicUrl;
  }

  void register(RoutesConfig routes) {
    pages.get(routes, "/signin", Access.PUBLIC, this::show);
    pages.get(routes, "/signin/oidc/{provider}", Access.PUBLIC, this::start);
    pages.get(routes, "/signin/callback", Access.PUBLIC, this::callback);
    pages.post(routes, "/signin/token", Access.PUBLIC, this::withToken);
    pages.post(routes, "/signout", Access.PUBLIC, this::signOut);
  }

  private void show(WebRequest request) {
    String next = LocalPath.orElse(request.ctx().queryParam("next"), "/sandboxes");
    if (request.maybePrincipal().isPresent()) {
      request.redirect(next);
      return;
    }
    render(request, next, null, null);
  }

  private void render(WebRequest request, String next, String error, String tokenError) {
    if (error != null || tokenError != null) {
      request.ctx().status(tokenError != null ? 400 : 401);
    }
    request.render(
        "signin.jte",
        Map.of(
            "providers",
            oidc.providers(),
            "next",
            next,
            "error",
            error == null ? "" : error,
            "tokenError",
            tokenError == null ? "" : tokenError));
  }

  private void start(WebRequest request) {
    OidcLogin.Provider provider =
        oidc.provider(request.ctx().pathParam("provider"))
            .orElseThrow(() -> new bzh.estran.errors.NotFound("No such provider."));
    String next = LocalPath.orElse(request.ctx().queryParam("next"), "/sandboxes");
    OidcLogin.Start start = oidc.start(provider, redirectUri(request));
    sessions.startSignIn(
        request.session(),
        start.state(),
        provider.issuer(),
        start.nonce(),
        start.codeVerifier(),
        next);
    request.ctx().redirect(start.authorizationUrl().toString());
  }

  private void callback(WebRequest request) throws java.io.IOException {
    String state = request.ctx().queryParam("state");
    Optional<WebSessionDao.PendingSignIn> pending =
        request.existingSession().flatMap(session -> sessions.takeSignIn(session, state));
    if (pending.isEmpty()) {
      render(request, "/sandboxes", request.t("signin.error.state"), null);
      return;
    }
    String code = request.ctx().queryParam("code");
    Optional<OidcLogin.Provider> provider = oidc.byIssuer(pending.get().issuer());
    if (code == null || provider.isEmpty()) {
      render(request, pending.get().nextPath(), request.t("signin.error.refused"), null);
      return;
    }
    Optional<String> idToken =
        oidc.idToken(provider.get(), code, redirectUri(request), pending.get().codeVerifier());
    try {
      Principal principal =
          idTokens.signIn(
              idToken.orElseThrow(() -> new Unauthorized("no ID token")),
              provider.get().clientId(),
              pending.get().nonce());
      signedIn(request, principal, pending.get().nextPath());
    } catch (Unauthorized e) {
      render(request, pending.get().nextPath(), request.t("signin.error.refused"), null);
    }
  }

  private void withToken(WebRequest request) {
    String next = LocalPath.orElse(request.form("next"), "/sandboxes");
    String token = request.form("token");
    if (token == null) {
      render(request, next, null, request.t("signin.token.required"));
      return;
    }
    try {
      Principal principal = auth.authenticate("Bearer " + token);
      WebSessions.Opened opened =
          sessions.signIn(request.existingSession(), principal.id(), auth.apiTokenId(token));
      cookies.setSession(request.ctx(), opened.id());
      request.redirect(next);
    } catch (Unauthorized e) {
      render(request, next, null, request.t("signin.token.refused"));
    }
  }

  private void signedIn(WebRequest request, Principal principal, String next) {
    WebSessions.Opened opened =
        sessions.signIn(request.existingSession(), principal.id(), Optional.empty());
    cookies.setSession(request.ctx(), opened.id());
    request.redirect(next);
  }

  private void signOut(WebRequest request) {
    request.existingSession().ifPresent(sessions::close);
    cookies.clearSession(request.ctx());
    request.redirect("/signin");
  }

  private URI redirectUri(WebRequest request) {
    String base =
        publicUrl
            .map(URI::toString)
            .orElseGet(() -> request.ctx().scheme() + "://" + request.ctx().host());
    return URI.create(base.replaceAll("/+$", "") + "/signin/callback");
  }
}
