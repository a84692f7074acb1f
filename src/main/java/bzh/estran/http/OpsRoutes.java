package bzh.estran.http;

import bzh.estran.auth.AuthService;
import bzh.estran.db.Database;
import bzh.estran.errors.Forbidden;
import bzh.estran.kube.KubeGateway;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Health, readiness, metrics and the OpenAPI description: no authentication. */
final class OpsRoutes {

  private final Database database;
  private final KubeGateway kube;
  private final PrometheusMeterRegistry meters;
  private final AuthService auth;
  private final Optional<String> metricsToken;
  private final byte[] openApi;

  OpsRoutes(
      Database database,
      KubeGateway kube,
      PrometheusMeterRegistry meters,
      AuthService auth,
      Optional<String> metricsToken) {
    this.auth = auth;
    this.metricsToken = metricsToken;
    this.database = database;
    this.kube = kube;
    this.meters = meters;
    this.openApi = resource("/openapi.json");
  }

  void register(RoutesConfig routes) {
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "up")));
    routes.get("/readyz", this::ready);
    routes.get("/metrics", this::metrics);
    routes.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
  }

  /**
   * Prometheus text. The figures name institutions and their usage, so a caller must present the
   * scrape token ({@code ESTRAN_METRICS_TOKEN}) or a platform admin's API token.
   */
  private void metrics(Context ctx) {
    String authorization = ctx.header("Authorization");
    boolean scraper =
        metricsToken.isPresent()
            && authorization != null
            && MessageDigest.isEqual(
                authorization.getBytes(StandardCharsets.UTF_8),
                ("Bearer " + metricsToken.get()).getBytes(StandardCharsets.UTF_8));
    if (!scraper && !auth.authenticate(authorization).isPlatformAdmin()) {
      throw new Forbidden("Metrics are for the scrape token and platform admins.");
    }
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape());
  }

  private void ready(Context ctx) {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put("database", database.reachable() ? "up" : "down");
    checks.put("cluster", kube.reachable() ? "up" : "down");
    if (checks.containsValue("down")) {
      ErrorMapping.respond(
          ctx,
          503,
          "unavailable",
          "Estran cannot reach all it depends on.",
          Map.of("checks", checks));
    } else {
      ctx.json(Map.of("status", "ready", "checks", checks));
    }
  }

  private static byte[] resource(String path) {
    try (InputStream in = OpsRoutes.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
