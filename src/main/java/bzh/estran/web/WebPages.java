package bzh.estran.web;

import bzh.estran.audit.AuditLog;
import bzh.estran.auth.AuthService;
import bzh.estran.catalog.core.Catalog;
import bzh.estran.cohort.CohortService;
import bzh.estran.sandbox.KubeconfigIssuer;
import bzh.estran.sandbox.SandboxService;
import bzh.estran.web.Pages.Access;
import bzh.estran.web.core.Languages;
import bzh.estran.web.core.LocalPath;
import io.javalin.config.RoutesConfig;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * The web pages, served by Estran itself next to the API: sign-in, the catalog, a person's
 * sandboxes, joining a cohort. Each page calls the same service as the API, with the same {@link
 * bzh.estran.auth.core.Principal}, so the same access rules hold. See {@code docs/web.md}.
 */
public final class WebPages {

  /** What the pages need from the rest of Estran. */
  public record Services(
      AuditLog audit,
      AuthService auth,
      IdTokenSignIn idTokens,
      OidcLogin oidc,
      WebSessions sessions,
      Catalog catalog,
      DatasetListing datasets,
      SandboxService sandboxes,
      KubeconfigIssuer kubeconfigs,
      CohortService cohorts,
      Clock clock,
      AdminServices admin) {}

  /** What the pages of cohort managers, institution admins and platform admins need. */
  public record AdminServices(
      bzh.estran.tenancy.TenancyService tenancy,
      bzh.estran.quota.QuotaService quotas,
      bzh.estran.membership.MemberService members,
      ClassRefusals classRefusals) {}

  /** {@code secureCookies}: production (HTTPS); {@code publicUrl}: base of the OIDC redirect. */
  public record Settings(boolean secureCookies, Optional<URI> publicUrl, java.time.ZoneId zone) {}

  private final Services services;
  private final Settings settings;

  public WebPages(Services services, Settings settings) {
    this.services = services;
    this.settings = settings;
  }

  /**
   * Takes one form from an allowance: the signed-in user's id (shared with their API requests), or
   * {@code "ip:<address>"} for a visitor; throws {@link bzh.estran.errors.RateLimited} past it.
   */
  @FunctionalInterface
  public interface FormLimit {
    void acquire(Object key);
  }

  /** Adds the page routes (and their assets) to the application's routes. */
  public void register(RoutesConfig routes, FormLimit limit) {
    Cookies cookies = new Cookies(settings.secureCookies());
    Pages pages =
        new Pages(
            services.audit(),
            services.auth(),
            services.sessions(),
            cookies,
            new Templates(),
            services.clock(),
            settings.zone(),
            limit);
    new Assets().register(routes);
    pages.get(
        routes,
        "/",
        Access.PUBLIC,
        request ->
            request.redirect(request.maybePrincipal().isPresent() ? "/sandboxes" : "/signin"));
    pages.get(
        routes,
        "/lang/{code}",
        Access.PUBLIC,
        request -> {
          Languages.supported(request.ctx().pathParam("code"))
              .ifPresent(l -> cookies.setLanguage(request.ctx(), l.getLanguage()));
          request.redirect(LocalPath.orElse(request.ctx().queryParam("next"), "/"));
        });
    new SignInPages(
            pages,
            services.oidc(),
            services.idTokens(),
            services.auth(),
            services.sessions(),
            cookies,
            settings.publicUrl())
        .register(routes);
    new SandboxPages(
            pages,
            services.sandboxes(),
            services.kubeconfigs(),
            services.catalog(),
            services.datasets())
        .register(routes);
    new MemberPages(pages, services.catalog(), services.datasets(), services.cohorts())
        .register(routes);
    AdminServices admin = services.admin();
    new CohortPages(
            pages,
            services.cohorts(),
            services.sandboxes(),
            services.catalog(),
            admin.quotas(),
            admin.tenancy(),
            admin.classRefusals())
        .register(routes);
    new InstitutionPages(pages, admin.tenancy(), admin.quotas(), admin.members()).register(routes);
    new PlatformPages(pages, admin.tenancy(), admin.quotas(), services.catalog(), services.audit())
        .register(routes);
  }
}
