package bzh.estran.http;

import bzh.estran.membership.MemberService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * Members of an institution (list, change role, remove), users' (de)activation and the erasure of a
 * user who left.
 */
final class MemberRoutes {

  private final MemberService members;
  private final Bodies bodies;

  MemberRoutes(MemberService members, Bodies bodies) {
    this.members = members;
    this.bodies = bodies;
  }

  record RoleChange(String role) {}

  void register(RoutesConfig routes) {
    routes.get(
        "/api/v1/institutions/{slug}/members",
        ctx -> Paging.respond(ctx, members.members(Callers.of(ctx), ctx.pathParam("slug"))));
    routes.put("/api/v1/institutions/{slug}/members/{userId}", this::changeRole);
    routes.delete(
        "/api/v1/institutions/{slug}/members/{userId}",
        ctx ->
            ctx.json(
                members.remove(
                    Callers.of(ctx), ctx.pathParam("slug"), Callers.id(ctx, "userId", "member"))));
    routes.post(
        "/api/v1/users/{id}/deactivate",
        ctx -> ctx.json(members.deactivate(Callers.of(ctx), Callers.id(ctx, "id", "user"))));
    routes.post(
        "/api/v1/users/{id}/activate",
        ctx ->
            ctx.json(
                Views.UserView.of(
                    members.activate(Callers.of(ctx), Callers.id(ctx, "id", "user")))));
    routes.post(
        "/api/v1/users/{id}/erase",
        ctx -> ctx.json(members.erase(Callers.of(ctx), Callers.id(ctx, "id", "user"))));
  }

  private void changeRole(Context ctx) {
    RoleChange body = bodies.read(ctx, RoleChange.class);
    ctx.json(
        members.changeRole(
            Callers.of(ctx),
            ctx.pathParam("slug"),
            Callers.id(ctx, "userId", "member"),
            body.role()));
  }
}
