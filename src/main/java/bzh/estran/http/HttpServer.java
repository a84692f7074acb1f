package bzh.estran.http;

import bzh.estran.audit.AuditLog;
import bzh.estran.auth.AuthService;
import bzh.estran.catalog.core.Catalog;
import bzh.estran.cohort.CohortService;
import bzh.estran.dataset.DatasetDownloads;
import bzh.estran.dataset.DatasetRuns;
import bzh.estran.dataset.DatasetService;
import bzh.estran.dataset.Stewards;
import bzh.estran.db.Database;
import bzh.estran.errors.EstranException;
import bzh.estran.kube.KubeGateway;
import bzh.estran.membership.MemberService;
import bzh.estran.quota.QuotaService;
import bzh.estran.sandbox.AdmissionGroups;
import bzh.estran.sandbox.KubeconfigIssuer;
import bzh.estran.sandbox.SandboxService;
import bzh.estran.tenancy.TenancyService;
import bzh.estran.web.WebPages;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson3;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP API: authentication then rate limiting in front, one route class per feature, errors
 * mapped once, and an audit entry after every state-changing request.
 */
public final class HttpServer implements AutoCloseable {

  /** Buckets of {@code estran_http_requests_seconds}, for latency percentiles. */
  private static final java.time.Duration[] LATENCY_BUCKETS = {
    java.time.Duration.ofMillis(10),
    java.time.Duration.ofMillis(50),
    java.time.Duration.ofMillis(100),
    java.time.Duration.ofMillis(250),
    java.time.Duration.ofMillis(500),
    java.time.Duration.ofSeconds(1),
    java.time.Duration.ofMillis(2500),
    java.time.Duration.ofSeconds(5)
  };

  private final Javalin app;

  /** The services the routes call. */
  public record Services(
      Database database,
      KubeGateway kube,
      AuthService auth,
      TenancyService tenancy,
      Catalog catalog,
      SandboxService sandboxes,
      AdmissionGroups admissions,
      KubeconfigIssuer kubeconfigs,
      QuotaService quotas,
      CohortService cohorts,
      MemberService members,
      PrometheusMeterRegistry meters,
      AuditLog audit,
      int rateLimitPerMinute,
      Optional<String> metricsToken,
      Clock clock,
      WebPages pages,
      Datasets datasets) {}

  /** The dataset feature's services. */
  public record Datasets(
      DatasetService catalog, DatasetRuns runs, Stewards stewards, DatasetDownloads downloads) {}

  private HttpServer(Javalin app) {
    this.app = app;
  }

  /** Starts listening on {@code port} (0: a free one). */
  public static HttpServer start(int port, Services services) {
    JsonMapper mapper = Json.mapper();
    Bodies bodies = new Bodies(mapper);
    RateLimiter rateLimiter = new RateLimiter(services.rateLimitPerMinute(), services.clock());
    Javalin app =
        Javalin.create(
            config -> {
              config.jsonMapper(new JavalinJackson3(mapper, false));
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.jetty.port = port;
              config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors(mapper)));
              // one timer per method, route (its template, not its path) and status, built once
              Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
              config.requestLogger.http(
                  (ctx, millis) -> {
                    Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
                    TimerKey key =
                        new TimerKey(
                            ctx.method().name(),
                            endpoint == null ? "unmatched" : endpoint.path,
                            ctx.statusCode());
                    timers
                        .computeIfAbsent(key, k -> k.register(services.meters()))
                        .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
                  });
              RoutesConfig routes = config.routes;
              RequestTransactions transactions =
                  new RequestTransactions(services.database().jdbi());
              routes.before(transactions::clearStale);
              routes.before(QueryParameters::refuseNul);
              routes.before(
                  "/api/*",
                  ctx -> {
                    if (!ctx.path().equals("/api/v1/openapi.json")
                        && !ctx.path().equals(AuthRoutes.PROVIDERS)
                        && !DatasetRoutes.takesLoaderTokens(ctx.path())) {
                      ctx.attribute(
                          Callers.ATTRIBUTE,
                          services.auth().authenticate(ctx.header("Authorization")));
                    }
                  });
              routes.before("/api/*", rateLimiter::handle);
              routes.before("/api/*", transactions::begin);
              AuditTrail audit =
                  new AuditTrail(
                      services.audit(),
                      transactions,
                      mapper,
                      config.unsafe,
                      services.auth().principals());
              routes.after("/api/*", audit::record);
              mapErrors(routes);
              new OpsRoutes(
                      services.database(),
                      services.kube(),
                      services.meters(),
                      services.auth(),
                      services.metricsToken())
                  .register(routes);
              new IdentityRoutes(services.auth(), services.tenancy(), bodies).register(routes);
              new InstitutionRoutes(services.tenancy(), bodies).register(routes);
              new CatalogRoutes(services.catalog()).register(routes);
              new DatasetRoutes(services.datasets(), bodies).register(routes);
              new SandboxRoutes(
                      services.sandboxes(),
                      services.admissions(),
                      services.kubeconfigs(),
                      bodies,
                      audit,
                      transactions)
                  .register(routes);
              new QuotaRoutes(services.quotas(), bodies).register(routes);
              new AuditRoutes(services.audit()).register(routes);
              new CohortRoutes(services.cohorts(), services.sandboxes(), bodies).register(routes);
              new MemberRoutes(services.members(), bodies).register(routes);
              new AuthRoutes(services.auth(), bodies).register(routes);
              services.pages().register(routes, rateLimiter::acquire);
            });
    app.start();
    return new HttpServer(app);
  }

  /** The tags of one {@code estran_http_requests_seconds} timer. */
  private record TimerKey(String method, String route, int status) {
    Timer register(PrometheusMeterRegistry meters) {
      return Timer.builder("estran.http.requests")
          .tag("method", method)
          .tag("route", route)
          .tag("status", Integer.toString(status))
          .serviceLevelObjectives(LATENCY_BUCKETS)
          .register(meters);
    }
  }

  private static void mapErrors(RoutesConfig routes) {
    routes.exception(EstranException.class, (e, ctx) -> ErrorMapping.respond(ctx, e));
    routes.exception(
        HttpResponseException.class,
        (e, ctx) ->
            ErrorMapping.respond(
                ctx, e.getStatus(), ErrorMapping.codeFor(e.getStatus()), e.getMessage(), Map.of()));
    routes.exception(Exception.class, (e, ctx) -> ErrorMapping.respondUnexpected(ctx, e));
    routes.error(
        404,
        ctx -> {
          boolean page = String.valueOf(ctx.res().getContentType()).startsWith("text/html");
          if (!page
              && (ctx.result() == null
                  || ctx.result().isEmpty()
                  || !ctx.result().contains("\"error\""))) {
            ErrorMapping.respond(
                ctx,
                404,
                "not_found",
                "No such endpoint: " + ctx.method() + " " + ctx.path() + ".",
                Map.of());
          }
        });
    routes.error(
        405,
        ctx ->
            ErrorMapping.respond(
                ctx,
                405,
                "method_not_allowed",
                "Method " + ctx.method() + " is not allowed on " + ctx.path() + ".",
                Map.of()));
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
