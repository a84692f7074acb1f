package bzh.estran.web;

import bzh.estran.auth.core.Principal;
import bzh.estran.catalog.core.Catalog;
import bzh.estran.errors.InvalidRequest;
import bzh.estran.errors.QuotaExceeded;
import bzh.estran.sandbox.KubeconfigIssuer;
import bzh.estran.sandbox.SandboxFilter;
import bzh.estran.sandbox.SandboxService;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxRequest;
import bzh.estran.sandbox.core.SandboxState;
import bzh.estran.web.Pages.Access;
import bzh.estran.web.core.ConnectCommands;
import bzh.estran.web.core.DurationInput;
import io.javalin.config.RoutesConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A person's sandboxes: the list with live state, the request form, one sandbox (time left, extend,
 * delete, kubeconfig, how to connect). Every action goes through {@link SandboxService} or {@link
 * KubeconfigIssuer} with the caller, as the API does.
 */
final class SandboxPages {

  /** The request form's fields the service may name; other problems go to the summary. */
  private static final Set<String> FIELDS =
      Set.of("template", "datasets", "duration", "name", "institution", "cohort");

  private final Pages pages;
  private final SandboxService sandboxes;
  private final KubeconfigIssuer kubeconfigs;
  private final Catalog catalog;
  private final DatasetListing datasets;

  SandboxPages(
      Pages pages,
      SandboxService sandboxes,
      KubeconfigIssuer kubeconfigs,
      Catalog catalog,
      DatasetListing datasets) {
    this.pages = pages;
    this.sandboxes = sandboxes;
    this.kubeconfigs = kubeconfigs;
    this.catalog = catalog;
    this.datasets = datasets;
  }

  void register(RoutesConfig routes) {
    pages.get(routes, "/sandboxes", Access.SIGNED_IN, this::list);
    pages.get(routes, "/sandboxes/new", Access.SIGNED_IN, this::blankForm);
    pages.post(routes, "/sandboxes", Access.SIGNED_IN, this::create);
    pages.get(routes, "/sandboxes/{id}", Access.SIGNED_IN, this::show);
    pages.get(routes, "/sandboxes/{id}/status", Access.SIGNED_IN, this::status);
    pages.get(routes, "/sandboxes/{id}/kubeconfig", Access.SIGNED_IN, this::kubeconfig);
    pages.post(routes, "/sandboxes/{id}/extend", Access.SIGNED_IN, this::extend);
    pages.post(routes, "/sandboxes/{id}/delete", Access.SIGNED_IN, this::delete);
  }

  private void list(WebRequest request) {
    List<Sandbox> mine =
        sandboxes
            .list(request.principal(), SandboxFilter.parse(null, null, null, "me", null, null))
            .stream()
            .filter(s -> s.state() != SandboxState.DELETED)
            .toList();
    request.render("sandboxes.jte", Map.of("sandboxes", mine));
  }

  private void blankForm(WebRequest request) {
    form(request, SandboxForm.empty(request.ctx().queryParam("template")), Map.of(), "");
  }

  private void form(
      WebRequest request, SandboxForm form, Map<String, String> errors, String summary) {
    Principal caller = request.principal();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("templates", catalog.templates());
    params.put("datasets", datasets.visibleTo(caller));
    params.put("memberships", caller.memberships());
    params.put("cohorts", caller.cohorts());
    params.put("form", form);
    params.put("errors", errors);
    params.put("summary", summary);
    request.render("request.jte", params);
  }

  private void create(WebRequest request) {
    SandboxForm form =
        new SandboxForm(
            request.form("template"),
            request.ctx().formParams("datasets"),
            request.form("duration"),
            request.form("name"),
            request.form("institution"),
            request.form("cohort"));
    try {
      Sandbox created =
          sandboxes.create(
              request.principal(),
              new SandboxRequest(
                  form.template(),
                  form.datasets(),
                  DurationInput.toIso(form.duration()),
                  form.name(),
                  form.institution(),
                  form.cohort()));
      request.redirect("/sandboxes/" + created.id());
    } catch (InvalidRequest e) {
      Map<String, String> fields = new LinkedHashMap<>();
      StringBuilder others = new StringBuilder();
      request
          .page()
          .problems(e)
          .forEach(
              (field, problem) -> {
                if (FIELDS.contains(field)) {
                  fields.put(field, problem);
                } else {
                  others.append(field).append(' ').append(problem).append(". ");
                }
              });
      request.ctx().status(400);
      form(request, form, fields, others.toString().trim());
    } catch (QuotaExceeded e) {
      request.ctx().status(409);
      form(request, form, Map.of(), quotaSentence(request, e));
    }
  }

  private static String quotaSentence(WebRequest request, QuotaExceeded e) {
    return request.page().sentence(e);
  }

  private void show(WebRequest request) {
    String done = request.ctx().queryParam("done");
    String notice =
        "extended".equals(done)
            ? request.t("sandbox.extended")
            : "deleting".equals(done) ? request.t("sandbox.deleting") : "";
    show(request, notice, "");
  }

  private void show(WebRequest request, String notice, String extendError) {
    UUID id = request.idParam("id");
    SandboxService.SandboxDetails details = sandboxes.get(request.principal(), id);
    Sandbox sandbox = details.sandbox();
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("sandbox", sandbox);
    params.put("events", details.events());
    params.put("mine", sandbox.ownerId().equals(request.principal().id()));
    params.put("commands", ConnectCommands.forNamespace(sandbox.namespace()));
    params.put("notice", notice);
    params.put("extendError", extendError);
    request.render("sandbox.jte", params);
  }

  private void status(WebRequest request) {
    Sandbox sandbox = sandboxes.get(request.principal(), request.idParam("id")).sandbox();
    Page page = request.page();
    request
        .ctx()
        .json(
            Map.of(
                "state", sandbox.state().name(),
                "label", page.state(sandbox.state()),
                "timeLeft", page.left(sandbox.expiresAt())));
  }

  private void kubeconfig(WebRequest request) {
    UUID id = request.idParam("id");
    String yaml = kubeconfigs.kubeconfig(request.principal(), id);
    Sandbox sandbox = sandboxes.get(request.principal(), id).sandbox();
    request
        .ctx()
        .contentType("application/yaml")
        .header(
            "Content-Disposition",
            "attachment; filename=\"" + ConnectCommands.kubeconfigFile(sandbox.namespace()) + "\"")
        .result(yaml);
  }

  private void extend(WebRequest request) {
    UUID id = request.idParam("id");
    try {
      sandboxes.extend(request.principal(), id, DurationInput.toIso(request.form("duration")));
      request.redirect("/sandboxes/" + id + "?done=extended");
    } catch (InvalidRequest e) {
      request.ctx().status(400);
      show(request, "", request.page().problems(e).getOrDefault("duration", e.getMessage()));
    } catch (QuotaExceeded e) {
      request.ctx().status(409);
      show(request, "", quotaSentence(request, e));
    }
  }

  private void delete(WebRequest request) {
    UUID id = request.idParam("id");
    sandboxes.delete(request.principal(), id);
    request.redirect("/sandboxes/" + id + "?done=deleting");
  }
}
