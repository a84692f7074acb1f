package bzh.estran.http;

import bzh.estran.dataset.DatasetService;
import bzh.estran.dataset.core.ByteRange;
import bzh.estran.dataset.core.DatasetVersion;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /datasets} (catalog, creation, runs, publication, withdrawal), the {@code data-steward}
 * role on {@code /users/{id}/data-steward}, and {@code /dataset-content}, which answers loader
 * tokens only (its authentication is its own, not the API tokens').
 */
final class DatasetRoutes {

  private static final String CONTENT = "/api/v1/dataset-content/";

  private final HttpServer.Datasets datasets;
  private final Bodies bodies;

  DatasetRoutes(HttpServer.Datasets datasets, Bodies bodies) {
    this.datasets = datasets;
    this.bodies = bodies;
  }

  /** Whether the path is served to loader tokens (and so skips API-token authentication). */
  static boolean takesLoaderTokens(String path) {
    return path.startsWith(CONTENT);
  }

  /** The body of {@code POST /datasets}. */
  record NewDataset(
      String name, String title, String description, String licence, ProvenanceBody provenance) {}

  record ProvenanceBody(String producer, String source, PeriodBody period) {}

  record PeriodBody(String from, String to) {}

  void register(RoutesConfig routes) {
    routes.get(
        "/api/v1/datasets",
        ctx ->
            ctx.json(
                datasets.catalog().catalog(Callers.of(ctx)).stream()
                    .map(DatasetViews.DatasetView::of)
                    .toList()));
    routes.post("/api/v1/datasets", this::create);
    routes.get(
        "/api/v1/datasets/{name}",
        ctx ->
            ctx.json(
                DatasetViews.DatasetDetailsView.of(
                    datasets.catalog().get(Callers.of(ctx), ctx.pathParam("name")))));
    routes.post("/api/v1/datasets/{name}/runs", this::createRun);
    routes.get(
        "/api/v1/datasets/{name}/runs",
        ctx ->
            ctx.json(
                datasets.runs().list(Callers.of(ctx), ctx.pathParam("name")).stream()
                    .map(DatasetViews.RunView::of)
                    .toList()));
    routes.get(
        "/api/v1/datasets/{name}/runs/{run}",
        ctx ->
            ctx.json(
                DatasetViews.RunView.of(
                    datasets.runs().get(Callers.of(ctx), ctx.pathParam("name"), run(ctx)))));
    routes.put("/api/v1/datasets/{name}/runs/{run}/data", this::upload);
    routes.post(
        "/api/v1/datasets/{name}/runs/{run}/publish",
        ctx ->
            ctx.status(201)
                .json(
                    DatasetViews.VersionView.of(
                        datasets
                            .runs()
                            .publish(Callers.of(ctx), ctx.pathParam("name"), run(ctx)))));
    routes.post(
        "/api/v1/datasets/{name}/versions/{version}/withdraw",
        ctx ->
            ctx.json(
                DatasetViews.VersionView.of(
                    datasets
                        .catalog()
                        .withdraw(
                            Callers.of(ctx), ctx.pathParam("name"), ctx.pathParam("version")))));
    routes.put(
        "/api/v1/users/{id}/data-steward",
        ctx -> {
          UUID user = Callers.id(ctx, "id", "user");
          datasets.stewards().grant(Callers.of(ctx), user);
          ctx.json(new DatasetViews.StewardView(user, true));
        });
    routes.delete(
        "/api/v1/users/{id}/data-steward",
        ctx -> {
          datasets.stewards().revoke(Callers.of(ctx), Callers.id(ctx, "id", "user"));
          ctx.status(204);
        });
    routes.get("/api/v1/dataset-content/{name}/{version}", this::content);
  }

  private void create(Context ctx) {
    NewDataset body = bodies.read(ctx, NewDataset.class);
    ProvenanceBody provenance =
        body.provenance() == null ? new ProvenanceBody(null, null, null) : body.provenance();
    PeriodBody period =
        provenance.period() == null ? new PeriodBody(null, null) : provenance.period();
    ctx.status(201)
        .json(
            DatasetViews.DatasetDetailsView.of(
                new DatasetService.Entry(
                    datasets
                        .catalog()
                        .create(
                            Callers.of(ctx),
                            new DatasetService.NewDataset(
                                body.name(),
                                body.title(),
                                body.description(),
                                body.licence(),
                                provenance.producer(),
                                provenance.source(),
                                period.from(),
                                period.to())),
                    java.util.List.of())));
  }

  private void createRun(Context ctx) {
    ctx.status(201)
        .json(
            DatasetViews.RunView.of(
                datasets.runs().create(Callers.of(ctx), ctx.pathParam("name"), ctx.body())));
  }

  private void upload(Context ctx) throws IOException {
    try (InputStream body = ctx.req().getInputStream()) {
      ctx.status(202)
          .json(
              DatasetViews.RunView.of(
                  datasets.runs().upload(Callers.of(ctx), ctx.pathParam("name"), run(ctx), body)));
    }
  }

  private void content(Context ctx) {
    DatasetVersion version =
        datasets
            .downloads()
            .authorize(
                ctx.header("Authorization"), ctx.pathParam("name"), ctx.pathParam("version"));
    ByteRange.Asked asked = ByteRange.of(ctx.header("Range"), version.bytes());
    ctx.header("Accept-Ranges", "bytes");
    ctx.header("ETag", "\"" + version.sha256() + "\"");
    if (asked instanceof ByteRange.Unsatisfiable unsatisfiable) {
      ctx.header("Content-Range", "bytes */" + version.bytes());
      ErrorMapping.respond(
          ctx,
          416,
          "range_not_satisfiable",
          "The range cannot be served: " + unsatisfiable.why() + ".",
          Map.of("size", version.bytes()));
      return;
    }
    ByteRange range =
        asked instanceof ByteRange.Part part ? part.range() : new ByteRange(0, version.bytes() - 1);
    if (asked instanceof ByteRange.Part) {
      ctx.status(206).header("Content-Range", range.contentRange(version.bytes()));
    }
    ctx.contentType("text/csv; charset=utf-8");
    ctx.header("Content-Length", Long.toString(version.bytes() == 0 ? 0 : range.length()));
    ctx.result(
        version.bytes() == 0
            ? InputStream.nullInputStream()
            : datasets.downloads().open(version, range));
  }

  private static UUID run(Context ctx) {
    return Callers.id(ctx, "run", "run");
  }
}
