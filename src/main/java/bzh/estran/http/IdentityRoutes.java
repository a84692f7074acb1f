package bzh.estran.http;

import bzh.estran.auth.AuthService;
import bzh.estran.auth.core.Principal;
import bzh.estran.tenancy.TenancyService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** {@code /me}, {@code /tokens} and {@code /users}. */
final class IdentityRoutes {

  private final AuthService auth;
  private final TenancyService tenancy;
  private final Bodies bodies;

  IdentityRoutes(AuthService auth, TenancyService tenancy, Bodies bodies) {
    this.auth = auth;
    this.tenancy = tenancy;
    this.bodies = bodies;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/me", this::me);
    routes.patch("/api/v1/me", this::changeMe);
    routes.post("/api/v1/tokens", this::issueToken);
    routes.get("/api/v1/tokens", ctx -> Paging.respond(ctx, auth.list(Callers.of(ctx))));
    routes.delete("/api/v1/tokens/{id}", this::revokeToken);
    routes.post("/api/v1/users", this::createUser);
    routes.post("/api/v1/users/{id}/tokens", this::issueTokenForUser);
  }

  /** What a caller may change about themself. */
  record MeChange(String language) {}

  private void changeMe(Context ctx) {
    MeChange body = bodies.read(ctx, MeChange.class);
    tenancy.setLanguage(Callers.of(ctx), body.language());
    me(ctx);
  }

  private void me(Context ctx) {
    Principal caller = Callers.of(ctx);
    List<Map<String, String>> memberships =
        caller.memberships().stream()
            .map(m -> Map.of("institution", m.institutionSlug(), "role", m.role().wire()))
            .toList();
    ctx.json(
        Map.of(
            "id", caller.id(),
            "email", caller.user().email(),
            "name", caller.user().name(),
            "language", tenancy.language(caller),
            "platformAdmin", caller.isPlatformAdmin(),
            "memberships", memberships,
            "cohorts",
                caller.cohorts().stream()
                    .map(
                        c ->
                            Map.of(
                                "id",
                                c.cohortId(),
                                "name",
                                c.cohortName(),
                                "institution",
                                c.institutionSlug(),
                                "role",
                                c.role().wire()))
                    .toList()));
  }

  private void issueToken(Context ctx) {
    Requests.NewToken body = bodies.read(ctx, Requests.NewToken.class);
    ctx.status(201).json(auth.issue(Callers.of(ctx), body.name(), body.expiresAt()));
  }

  private void revokeToken(Context ctx) {
    auth.revoke(Callers.of(ctx), Callers.id(ctx, "id", "token"));
    ctx.status(204);
  }

  private void createUser(Context ctx) {
    Requests.NewUser body = bodies.read(ctx, Requests.NewUser.class);
    ctx.status(201)
        .json(Views.UserView.of(tenancy.createUser(Callers.of(ctx), body.email(), body.name())));
  }

  private void issueTokenForUser(Context ctx) {
    Requests.NewToken body = bodies.read(ctx, Requests.NewToken.class);
    ctx.status(201)
        .json(
            auth.issueForUser(
                Callers.of(ctx), Callers.id(ctx, "id", "user"), body.name(), body.expiresAt()));
  }
}
