package bzh.estran.http;

import bzh.estran.audit.AuditLog;
import bzh.estran.auth.AuthService;
import bzh.estran.catalog.core.Catalog;
import bzh.estran.cohort.CohortService;
import bzh.estran.db.Database;
import bzh.estran.errors.EstranException;
import bzh.estran.kube.KubeGateway;
import bzh.estran.membership.MemberService;
import bzh.estran.quota.QuotaService;
import bzh.estran.sandbox.KubeconfigIssuer;
import bzh.estran.sandbox.SandboxService;
import bzh.estran.tenancy.TenancyService;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private final Javalin app;

  /** The services the routes call. */
  public record Services(
      Database database,
      KubeGateway kube,
      AuthService auth,
      TenancyService tenancy,
      Catalog catalog,
      SandboxService sandboxes,
      KubeconfigIssuer kubeconfigs,
      QuotaService quotas,
      CohortService cohorts,
      MemberService members,
      PrometheusMeterRegistry meters,
      AuditLog audit,
      int rateLimitPerMinute,
      Optional<String> metricsToken,
      Clock clock) {}

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
              config.requestLogger.http(
                  (ctx, millis) -> {
                    Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
                    Timer.builder("estran.http.requests")
                        .tag("method", ctx.method().name())
                        .tag("route", endpoint == null ? "unmatched" : endpoint.path)
                        .tag("status", Integer.toString(ctx.statusCode()))
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(services.meters())
                        .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
                  });
              RoutesConfig routes = config.routes;
              routes.before(
                  "/api/*",
                  ctx -> {
                    if (!ctx.path().equals("/api/v1/openapi.json")) {
                      ctx.attribute(
                          Callers.ATTRIBUTE,
                          services.auth().authenticate(ctx.header("Authorization")));
                    }
                  });
              routes.before("/api/*", rateLimiter::handle);
              routes.after(
                  "/api/*", new AuditTrail(services.audit(), mapper, config.unsafe)::record);
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
              new SandboxRoutes(services.sandboxes(), services.kubeconfigs(), bodies)
                  .register(routes);
              new QuotaRoutes(services.quotas(), bodies).register(routes);
              new AuditRoutes(services.audit()).register(routes);
              new CohortRoutes(services.cohorts(), services.sandboxes(), bodies).register(routes);
              new MemberRoutes(services.members(), bodies).register(routes);
            });
    app.start();
    return new HttpServer(app);
  }

  private static void mapErrors(RoutesConfig routes) {
    routes.exception(EstranException.class, (e, ctx) -> ErrorMapping.respond(ctx, e));
    routes.exception(
        HttpResponseException.class,
        (e, ctx) ->
            ErrorMapping.respond(
                ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage(), Map.of()));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
          ErrorMapping.respond(ctx, 500, "internal", "Something went wrong on our side.", Map.of());
        });
    routes.error(
        404,
        ctx -> {
          if (ctx.result() == null
              || ctx.result().isEmpty()
              || !ctx.result().contains("\"error\"")) {
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

  private static String codeFor(int status) {
    return switch (status) {
      case 400 -> "invalid_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 409 -> "conflict";
      case 413 -> "payload_too_large";
      case 503 -> "unavailable";
      default -> "http_" + status;
    };
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
