package bzh.estran.http;

import bzh.estran.tenancy.TenancyService;
import bzh.estran.tenancy.TenancyService.MemberAdded;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** {@code /institutions} and their members. */
final class InstitutionRoutes {

  private final TenancyService tenancy;
  private final Bodies bodies;

  InstitutionRoutes(TenancyService tenancy, Bodies bodies) {
    this.tenancy = tenancy;
    this.bodies = bodies;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/institutions", this::create);
    routes.get(
        "/api/v1/institutions",
        ctx ->
            Paging.respond(
                ctx,
                tenancy.listInstitutions(Callers.of(ctx)).stream()
                    .map(Views.InstitutionView::of)
                    .toList()));
    routes.get(
        "/api/v1/institutions/{slug}",
        ctx ->
            ctx.json(
                Views.InstitutionView.of(
                    tenancy.institution(Callers.of(ctx), ctx.pathParam("slug")))));
    routes.post("/api/v1/institutions/{slug}/members", this::addMember);
  }

  private void create(Context ctx) {
    Requests.NewInstitution body = bodies.read(ctx, Requests.NewInstitution.class);
    ctx.status(201)
        .json(
            Views.InstitutionView.of(
                tenancy.createInstitution(Callers.of(ctx), body.slug(), body.name(), body.kind())));
  }

  private void addMember(Context ctx) {
    Requests.NewMember body = bodies.read(ctx, Requests.NewMember.class);
    MemberAdded added =
        tenancy.addMember(Callers.of(ctx), ctx.pathParam("slug"), body.email(), body.role());
    ctx.status(201)
        .json(
            Map.of(
                "user", Views.UserView.of(added.user()),
                "institution", added.institution().slug(),
                "role", added.role().wire()));
  }
}
