package bzh.estran.http;

import bzh.estran.db.Database;
import bzh.estran.kube.KubeGateway;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Health, readiness, metrics and the OpenAPI description: no authentication. */
final class OpsRoutes {

  private final Database database;
  private final KubeGateway kube;
  private final PrometheusMeterRegistry meters;
  private final byte[] openApi;

  OpsRoutes(Database database, KubeGateway kube, PrometheusMeterRegistry meters) {
    this.database = database;
    this.kube = kube;
    this.meters = meters;
    this.openApi = resource("/openapi.json");
  }

  void register(RoutesConfig routes) {
    routes.get("/healthz", ctx -> ctx.json(Map.of("status", "up")));
    routes.get("/readyz", this::ready);
    routes.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
    routes.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
  }

  private void ready(Context ctx) {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put("database", database.reachable() ? "up" : "down");
    checks.put("cluster", kube.reachable() ? "up" : "down");
    if (checks.containsValue("down")) {
      ErrorMapping.respond(ctx, 503, "unavailable", "Estran cannot reach all it depends on.", Map.of("checks", checks));
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
