package bzh.estran.web;

import bzh.estran.catalog.core.Catalog;
import bzh.estran.cohort.CohortService;
import bzh.estran.errors.Conflict;
import bzh.estran.errors.InvalidRequest;
import bzh.estran.errors.NotFound;
import bzh.estran.web.Pages.Access;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/** The catalog of templates (and datasets), and joining a cohort with its code. */
final class MemberPages {

  private final Pages pages;
  private final Catalog catalog;
  private final DatasetListing datasets;
  private final CohortService cohorts;

  MemberPages(Pages pages, Catalog catalog, DatasetListing datasets, CohortService cohorts) {
    this.pages = pages;
    this.catalog = catalog;
    this.datasets = datasets;
    this.cohorts = cohorts;
  }

  void register(RoutesConfig routes) {
    pages.get(
        routes,
        "/catalog",
        Access.SIGNED_IN,
        request ->
            request.render(
                "catalog.jte",
                Map.of(
                    "templates",
                    catalog.templates(),
                    "datasets",
                    datasets.visibleTo(request.principal()))));
    pages.get(routes, "/join", Access.SIGNED_IN, request -> join(request, "", "", ""));
    pages.post(routes, "/join", Access.SIGNED_IN, this::joinWithCode);
  }

  private static void join(WebRequest request, String code, String error, String done) {
    request.render("join.jte", Map.of("code", code, "error", error, "done", done));
  }

  private void joinWithCode(WebRequest request) {
    String code = request.form("code");
    String typed = code == null ? "" : code;
    try {
      CohortService.CohortView joined = cohorts.join(request.principal(), code);
      join(request, "", "", request.t("join.done", joined.cohort().name()));
    } catch (InvalidRequest e) {
      request.ctx().status(400);
      join(request, typed, request.page().problems(e).getOrDefault("code", e.getMessage()), "");
    } catch (NotFound e) {
      request.ctx().status(404);
      join(request, typed, request.t("join.unknown"), "");
    } catch (Conflict e) {
      request.ctx().status(409);
      join(request, typed, request.t("join.ended"), "");
    }
  }
}
