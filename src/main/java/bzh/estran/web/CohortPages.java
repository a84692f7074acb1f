package bzh.estran.web;

import bzh.estran.auth.core.Principal;
import bzh.estran.catalog.core.Catalog;
import bzh.estran.cohort.CohortService;
import bzh.estran.cohort.CohortService.CohortRequest;
import bzh.estran.cohort.CohortService.JoinCodeRequest;
import bzh.estran.cohort.CohortService.LimitsRequest;
import bzh.estran.cohort.core.Cohort;
import bzh.estran.errors.InvalidRequest;
import bzh.estran.errors.Problem;
import bzh.estran.quota.QuotaService;
import bzh.estran.sandbox.SandboxFilter;
import bzh.estran.sandbox.SandboxService;
import bzh.estran.sandbox.SandboxService.BulkResult;
import bzh.estran.sandbox.SandboxService.CohortSandboxes;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.tenancy.TenancyService;
import bzh.estran.tenancy.core.Institution;
import bzh.estran.tenancy.core.Role;
import bzh.estran.web.Pages.Access;
import bzh.estran.web.core.ClassProgress;
import bzh.estran.web.core.DurationInput;
import io.javalin.config.RoutesConfig;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cohort managers' pages: their cohorts, creating one, a cohort (members, join code, usage,
 * sandboxes), and provisioning the class with its live progress. Every call goes through {@link
 * CohortService}, {@link SandboxService} and {@link QuotaService} with the caller, as the API does.
 */
final class CohortPages {

  private static final String[] CREATE_FIELDS = {
    "institution", "name", "startsAt", "endsAt", "maxSandboxDuration", "maxSandboxes", "maxUses"
  };

  /** Service field names to the create form's. */
  private static final Map<String, String> CREATE_NAMES =
      Map.of("limits.maxSandboxes", "maxSandboxes", "joinCode.maxUses", "maxUses");

  private final Pages pages;
  private final CohortService cohorts;
  private final SandboxService sandboxes;
  private final Catalog catalog;
  private final QuotaService quotas;
  private final TenancyService tenancy;
  private final ClassRefusals refusals;

  CohortPages(
      Pages pages,
      CohortService cohorts,
      SandboxService sandboxes,
      Catalog catalog,
      QuotaService quotas,
      TenancyService tenancy,
      ClassRefusals refusals) {
    this.pages = pages;
    this.cohorts = cohorts;
    this.sandboxes = sandboxes;
    this.catalog = catalog;
    this.quotas = quotas;
    this.tenancy = tenancy;
    this.refusals = refusals;
  }

  void register(RoutesConfig routes) {
    pages.get(routes, "/cohorts", Access.SIGNED_IN, this::list);
    pages.get(routes, "/cohorts/new", Access.SIGNED_IN, r -> form(r, Map.of(), Map.of()));
    pages.post(routes, "/cohorts", Access.SIGNED_IN, this::create);
    pages.get(routes, "/cohorts/{id}", Access.SIGNED_IN, this::show);
    pages.post(routes, "/cohorts/{id}/join-code", Access.SIGNED_IN, this::rotate);
    pages.post(routes, "/cohorts/{id}/provision", Access.SIGNED_IN, this::provision);
    pages.get(routes, "/cohorts/{id}/progress", Access.SIGNED_IN, this::progress);
    pages.get(routes, "/cohorts/{id}/progress.json", Access.SIGNED_IN, this::progressJson);
  }

  /** The cohorts the caller manages, in every institution they can see. */
  private void list(WebRequest request) {
    Principal caller = request.principal();
    List<CohortService.CohortView> managed =
        tenancy.listInstitutions(caller).stream()
            .flatMap(i -> cohorts.list(caller, i.slug()).stream())
            .filter(CohortService.CohortView::managed)
            .toList();
    request.render(
        "cohorts.jte", Map.of("cohorts", managed, "canCreate", !creatable(caller).isEmpty()));
  }

  /** Institutions where the caller may create a cohort. */
  private List<Institution> creatable(Principal caller) {
    return tenancy.listInstitutions(caller).stream()
        .filter(
            i ->
                caller.isPlatformAdmin()
                    || caller.roleIn(i.id()).filter(r -> r != Role.MEMBER).isPresent())
        .toList();
  }

  private void form(WebRequest request, Map<String, String> values, Map<String, String> errors) {
    List<Institution> institutions = creatable(request.principal());
    if (institutions.isEmpty()) {
      throw new bzh.estran.errors.Forbidden("Only cohort managers and admins may create cohorts.");
    }
    request.render(
        "cohort-new.jte", Map.of("institutions", institutions, "values", values, "errors", errors));
  }

  private void create(WebRequest request) {
    FormValues form = new FormValues(request, CREATE_FIELDS);
    ZoneId zone = request.page().zone();
    Integer maxSandboxes = form.whole("maxSandboxes");
    Integer maxUses = form.whole("maxUses");
    var startsAt = FormValues.startOf(form.date("startsAt"), zone);
    var endsAt = FormValues.endOf(form.date("endsAt"), zone);
    String slug = form.text("institution");
    if (slug == null) {
      List<Institution> institutions = creatable(request.principal());
      slug = institutions.size() == 1 ? institutions.get(0).slug() : null;
    }
    try {
      if (slug == null) {
        throw InvalidRequest.field("institution", Problem.of("is_required", "is required"));
      }
      if (!form.problems().isEmpty()) {
        throw new InvalidRequest(new HashMap<>());
      }
      CohortService.CohortView created =
          cohorts.create(
              request.principal(),
              slug,
              new CohortRequest(
                  form.text("name"),
                  startsAt,
                  endsAt,
                  DurationInput.toIso(form.text("maxSandboxDuration")),
                  maxSandboxes == null
                      ? null
                      : new LimitsRequest(maxSandboxes, null, null, null, null),
                  new JoinCodeRequest(null, maxUses)));
      request.redirect("/cohorts/" + created.cohort().id() + "?done=created");
    } catch (InvalidRequest e) {
      form.addService(e.problems(), CREATE_NAMES);
      request.ctx().status(400);
      form(request, form.typed(), form.problems());
    }
  }

  private void show(WebRequest request) {
    String done = request.ctx().queryParam("done");
    show(request, done == null ? "" : request.t("cohort.done." + done), Map.of(), Map.of());
  }

  private void show(
      WebRequest request,
      String notice,
      Map<String, String> provisionValues,
      Map<String, String> errors) {
    Principal caller = request.principal();
    CohortService.CohortView view = cohorts.get(caller, request.idParam("id"));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("view", view);
    params.put("notice", notice);
    params.put("values", provisionValues);
    params.put("errors", errors);
    Cohort cohort = view.cohort();
    if (view.managed()) {
      params.put("members", cohorts.members(caller, cohort.id()));
      params.put("usage", quotas.cohortUsage(caller, cohort));
      params.put("sandboxes", cohortSandboxes(caller, cohort));
      params.put("templates", catalog.templates());
    } else {
      params.put("members", List.of());
      params.put("usage", null);
      params.put("sandboxes", List.of());
      params.put("templates", List.of());
    }
    request.render("cohort.jte", params);
  }

  private List<Sandbox> cohortSandboxes(Principal caller, Cohort cohort) {
    return sandboxes
        .list(
            caller,
            SandboxFilter.parse(
                null, null, cohort.id().toString(), null, "" + SandboxFilter.MAX_LIMIT, null))
        .stream()
        .filter(s -> s.state().isLive() || s.state().name().equals("FAILED"))
        .toList();
  }

  private void rotate(WebRequest request) {
    UUID id = request.idParam("id");
    FormValues form = new FormValues(request, "codeExpires", "codeMaxUses");
    Integer maxUses = form.whole("codeMaxUses");
    var expires = FormValues.endOf(form.date("codeExpires"), request.page().zone());
    try {
      if (!form.problems().isEmpty()) {
        throw new InvalidRequest(new HashMap<>());
      }
      cohorts.rotateCode(request.principal(), id, new JoinCodeRequest(expires, maxUses));
      request.redirect("/cohorts/" + id + "?done=rotated");
    } catch (InvalidRequest e) {
      form.addService(
          e.problems(),
          Map.of("joinCode.expiresAt", "codeExpires", "joinCode.maxUses", "codeMaxUses"));
      request.ctx().status(400);
      show(request, "", form.typed(), form.problems());
    }
  }

  private void provision(WebRequest request) {
    UUID id = request.idParam("id");
    FormValues form = new FormValues(request, "template", "duration");
    Principal caller = request.principal();
    Cohort cohort = cohorts.managed(caller, id);
    try {
      BulkResult result =
          sandboxes.createForCohort(
              caller,
              cohort,
              new CohortSandboxes(
                  form.text("template"), List.of(), DurationInput.toIso(form.text("duration"))));
      refusals.replace(cohort.id(), result.refused(), request.page());
      request.redirect("/cohorts/" + id + "/progress");
    } catch (InvalidRequest e) {
      form.addService(e.problems(), Map.of());
      request.ctx().status(400);
      show(request, "", form.typed(), form.problems());
    }
  }

  private List<ClassProgress.Line> lines(Principal caller, Cohort cohort) {
    List<ClassProgress.Member> members =
        cohorts.members(caller, cohort.id()).stream()
            .filter(m -> m.role().equals("member"))
            .map(m -> new ClassProgress.Member(m.email(), m.name()))
            .toList();
    Map<String, ClassProgress.Box> boxes = new HashMap<>();
    // newest first: keep each member's newest sandbox of the cohort
    for (Sandbox s : cohortSandboxes(caller, cohort)) {
      boxes.merge(
          s.ownerEmail(),
          new ClassProgress.Box(
              s.id(), s.state().name(), sandboxes.waitingForCluster(s.id()), s.failure()),
          (a, b) -> a);
    }
    return ClassProgress.of(members, boxes, refusals.of(cohort.id()));
  }

  private void progress(WebRequest request) {
    Principal caller = request.principal();
    Cohort cohort = cohorts.managed(caller, request.idParam("id"));
    List<ClassProgress.Line> lines = lines(caller, cohort);
    request.render(
        "progress.jte",
        Map.of("cohort", cohort, "lines", lines, "settled", ClassProgress.settled(lines)));
  }

  private void progressJson(WebRequest request) {
    Principal caller = request.principal();
    Cohort cohort = cohorts.managed(caller, request.idParam("id"));
    Page page = request.page();
    List<ClassProgress.Line> lines = lines(caller, cohort);
    request
        .ctx()
        .json(
            Map.of(
                "settled",
                ClassProgress.settled(lines),
                "members",
                lines.stream()
                    .map(
                        l ->
                            Map.of(
                                "email", l.email(),
                                "step", l.step().name(),
                                "label", page.t("progress.step." + l.step()),
                                "detail", l.detail()))
                    .toList()));
  }
}
