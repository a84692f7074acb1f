package bzh.estran.http;

import bzh.estran.cohort.CohortService;
import bzh.estran.cohort.CohortService.CohortView;
import bzh.estran.cohort.core.Cohort;
import bzh.estran.sandbox.SandboxService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Cohorts, their join codes, joining, and provisioning a whole cohort at once. */
final class CohortRoutes {

  private final CohortService cohorts;
  private final SandboxService sandboxes;
  private final Bodies bodies;

  CohortRoutes(CohortService cohorts, SandboxService sandboxes, Bodies bodies) {
    this.cohorts = cohorts;
    this.sandboxes = sandboxes;
    this.bodies = bodies;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/institutions/{slug}/cohorts", this::create);
    routes.get(
        "/api/v1/institutions/{slug}/cohorts",
        ctx ->
            Paging.respond(
                ctx,
                cohorts.list(Callers.of(ctx), ctx.pathParam("slug")).stream()
                    .map(CohortRoutes::view)
                    .toList()));
    routes.get(
        "/api/v1/cohorts/{id}", ctx -> ctx.json(view(cohorts.get(Callers.of(ctx), id(ctx)))));
    routes.get(
        "/api/v1/cohorts/{id}/members",
        ctx -> Paging.respond(ctx, cohorts.members(Callers.of(ctx), id(ctx))));
    routes.post("/api/v1/cohorts/{id}/join-code", this::rotateCode);
    routes.post("/api/v1/join", this::join);
    routes.post("/api/v1/cohorts/{id}/sandboxes", this::provision);
  }

  record JoinRequest(String code) {}

  private void create(Context ctx) {
    CohortService.CohortRequest body = bodies.read(ctx, CohortService.CohortRequest.class);
    ctx.status(201).json(view(cohorts.create(Callers.of(ctx), ctx.pathParam("slug"), body)));
  }

  private void rotateCode(Context ctx) {
    CohortService.JoinCodeRequest body =
        ctx.body().isBlank() ? null : bodies.read(ctx, CohortService.JoinCodeRequest.class);
    ctx.json(view(cohorts.rotateCode(Callers.of(ctx), id(ctx), body)));
  }

  private void join(Context ctx) {
    JoinRequest body = bodies.read(ctx, JoinRequest.class);
    ctx.json(Map.of("cohort", view(cohorts.join(Callers.of(ctx), body.code()))));
  }

  private void provision(Context ctx) {
    SandboxService.CohortSandboxes body = bodies.read(ctx, SandboxService.CohortSandboxes.class);
    Cohort cohort = cohorts.managed(Callers.of(ctx), id(ctx));
    SandboxService.BulkResult result = sandboxes.createForCohort(Callers.of(ctx), cohort, body);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("created", result.created().stream().map(Views.SandboxView::of).toList());
    json.put(
        "refused",
        result.refused().stream()
            .map(
                refused ->
                    Map.of(
                        "member", refused.member(),
                        "error",
                            Map.of(
                                "code",
                                refused.code(),
                                "message",
                                refused.message(),
                                "details",
                                refused.details())))
            .toList());
    json.put("skipped", result.skipped());
    ctx.status(202).json(json);
  }

  /** The JSON of a cohort; the join code only for those who manage it. */
  static Map<String, Object> view(CohortView view) {
    Cohort cohort = view.cohort();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", cohort.id());
    json.put("institution", cohort.institutionSlug());
    json.put("name", cohort.name());
    json.put("startsAt", cohort.startsAt());
    json.put("endsAt", cohort.endsAt());
    json.put(
        "maxSandboxDuration",
        cohort.maxSandboxDuration() == null
            ? null
            : bzh.estran.sandbox.core.Durations.format(cohort.maxSandboxDuration()));
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("maxSandboxes", cohort.limits().maxSandboxes());
    limits.put("cpu", cohort.limits().cpu());
    limits.put("memoryGiB", cohort.limits().memoryGiB());
    limits.put("storageGiB", cohort.limits().storageGiB());
    limits.put("coreHoursPerMonth", cohort.limits().coreHoursPerMonth());
    json.put("limits", limits);
    if (view.managed()) {
      json.put("joinCode", cohort.joinCode().code());
      json.put("joinCodeExpiresAt", cohort.joinCode().expiresAt());
      json.put("joinCodeMaxUses", cohort.joinCode().maxUses());
      json.put("joinCodeUses", cohort.joinCode().uses());
    }
    json.put("createdAt", cohort.createdAt());
    return json;
  }

  private static UUID id(Context ctx) {
    return Callers.id(ctx, "id", "cohort");
  }
}
