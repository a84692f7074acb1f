package bzh.estran.http;

import bzh.estran.catalog.core.Catalog;
import bzh.estran.errors.NotFound;
import io.javalin.config.RoutesConfig;
import java.util.List;

/**
 * {@code /templates} and {@code /datasets}. No dataset is published yet: the dataset capability
 * (import, anonymisation, publication) comes with its own issue, so the catalog lists none.
 */
final class CatalogRoutes {

  private final Catalog catalog;

  CatalogRoutes(Catalog catalog) {
    this.catalog = catalog;
  }

  void register(RoutesConfig routes) {
    routes.get(
        "/api/v1/templates",
        ctx ->
            Paging.respond(ctx, catalog.templates().stream().map(Views.TemplateView::of).toList()));
    routes.get("/api/v1/datasets", ctx -> ctx.json(List.of()));
    routes.get(
        "/api/v1/datasets/{name}",
        ctx -> {
          throw new NotFound("No dataset " + ctx.pathParam("name") + ".");
        });
  }
}
