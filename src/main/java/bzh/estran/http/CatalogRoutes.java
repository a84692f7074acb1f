package bzh.estran.http;

import bzh.estran.catalog.core.Catalog;
import io.javalin.config.RoutesConfig;

/** {@code /templates}; the dataset catalog is in {@link DatasetRoutes}. */
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
  }
}
