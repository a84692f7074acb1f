package bzh.estran.http;

import bzh.estran.auth.AuthService;
import bzh.estran.auth.core.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /auth/providers} (public, for clients that sign in with an identity provider) and users'
 * sign-in identities ({@code /users/{id}/identities}, platform admins).
 */
final class AuthRoutes {

  /** Served without a token (see {@link HttpServer}). */
  static final String PROVIDERS = "/api/v1/auth/providers";

  private final AuthService auth;
  private final Bodies bodies;

  AuthRoutes(AuthService auth, Bodies bodies) {
    this.auth = auth;
    this.bodies = bodies;
  }

  void register(RoutesConfig routes) {
    routes.get(
        "/api/v1/auth/providers",
        ctx ->
            ctx.json(
                auth.cliProviders().stream()
                    .map(
                        provider ->
                            Map.of(
                                "name", provider.name(),
                                "issuer", provider.issuer(),
                                "cliClientId", provider.cliClientId().orElseThrow()))
                    .toList()));
    routes.get(
        "/api/v1/users/{id}/identities",
        ctx ->
            ctx.json(auth.identities().identities(Callers.of(ctx), Callers.id(ctx, "id", "user"))));
    routes.put("/api/v1/users/{id}/identities", this::relink);
    routes.delete(
        "/api/v1/users/{id}/identities",
        ctx -> {
          auth.identities().unlink(Callers.of(ctx), Callers.id(ctx, "id", "user"));
          ctx.status(204);
        });
  }

  private void relink(Context ctx) {
    Principal caller = Callers.of(ctx);
    UUID user = Callers.id(ctx, "id", "user");
    if (!caller.isPlatformAdmin()) {
      auth.identities().identities(caller, user); // refuses before the body is read
    }
    Requests.IdentityLink body = bodies.read(ctx, Requests.IdentityLink.class);
    ctx.json(auth.identities().relink(caller, user, body.issuer(), body.subject()));
  }
}
