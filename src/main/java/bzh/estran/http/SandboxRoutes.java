package bzh.estran.http;

import bzh.estran.sandbox.AdmissionGroups;
import bzh.estran.sandbox.KubeconfigIssuer;
import bzh.estran.sandbox.SandboxFilter;
import bzh.estran.sandbox.SandboxListings;
import bzh.estran.sandbox.SandboxService;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code /sandboxes}: create, list, show, extend, delete, kubeconfig. */
final class SandboxRoutes {

  private final SandboxService sandboxes;
  private final AdmissionGroups admissions;
  private final KubeconfigIssuer kubeconfigs;
  private final Bodies bodies;
  private final AuditTrail audit;
  private final RequestTransactions transactions;

  SandboxRoutes(
      SandboxService sandboxes,
      AdmissionGroups admissions,
      KubeconfigIssuer kubeconfigs,
      Bodies bodies,
      AuditTrail audit,
      RequestTransactions transactions) {
    this.sandboxes = sandboxes;
    this.admissions = admissions;
    this.kubeconfigs = kubeconfigs;
    this.bodies = bodies;
    this.audit = audit;
    this.transactions = transactions;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/sandboxes", this::create);
    routes.get("/api/v1/sandboxes", this::list);
    routes.get("/api/v1/sandboxes/{id}", this::show);
    routes.post("/api/v1/sandboxes/{id}/extend", this::extend);
    routes.delete(
        "/api/v1/sandboxes/{id}",
        ctx ->
            ctx.status(202).json(Views.SandboxView.of(sandboxes.delete(Callers.of(ctx), id(ctx)))));
    routes.get("/api/v1/sandboxes/{id}/kubeconfig", this::kubeconfig);
  }

  private void create(Context ctx) {
    Requests.NewSandbox body = bodies.read(ctx, Requests.NewSandbox.class);
    SandboxRequest request =
        new SandboxRequest(
            body.template(),
            body.datasets(),
            body.duration(),
            body.name(),
            body.institution(),
            body.cohort());
    SandboxService.Checked checked = sandboxes.check(Callers.of(ctx), request);
    AdmissionGroups.Admitted admitted =
        admissions.admit(
            checked,
            audit.entryFor(ctx, 202, checked.institutionId()),
            new AdmissionGroups.Connection() {
              @Override
              public void release() {
                transactions.end(ctx);
              }

              @Override
              public void reopen() {
                transactions.begin(ctx);
              }
            });
    if (admitted.entryWritten()) {
      AuditTrail.written(ctx);
    }
    // the audit entry names the institution without reading it back (the lock is still held);
    // a refused creation's names none, as the response names none
    ctx.attribute(AuditTrail.INSTITUTION_ATTRIBUTE, checked.institutionId());
    ctx.status(202).json(Views.SandboxView.of(admitted.sandbox()));
  }

  private void show(Context ctx) {
    // the sandbox's JSON as kept a moment (SandboxViews); who may see it is checked every time
    byte[] body =
        sandboxes.shown(
            Callers.of(ctx), id(ctx), details -> json(ctx, Views.SandboxDetailsView.of(details)));
    ctx.contentType(ContentType.APPLICATION_JSON).result(body);
  }

  private void list(Context ctx) {
    SandboxFilter filter =
        SandboxFilter.parse(
            ctx.queryParam("state"),
            ctx.queryParam("institution"),
            ctx.queryParam("cohort"),
            ctx.queryParam("owner"),
            ctx.queryParam("limit"),
            ctx.queryParam("offset"));
    // the page's JSON as kept a moment (SandboxListings): a hit costs no mapping nor serialising;
    // the headers are made for each request, from its own path and parameters
    SandboxListings.Shown page = sandboxes.page(Callers.of(ctx), filter, items -> page(ctx, items));
    Paging.headers(
        ctx,
        new Paging.Page(filter.limit(), filter.offset()),
        filter.offset() + (long) page.size() < page.total(),
        page.total());
    ctx.contentType(ContentType.APPLICATION_JSON).result(page.body());
  }

  /** What {@code ctx.json} would write for these sandboxes, as bytes. */
  private static byte[] page(Context ctx, List<Sandbox> items) {
    return json(ctx, items.stream().map(Views.SandboxView::of).toList());
  }

  /** What {@code ctx.json(view)} would write, as bytes. */
  private static byte[] json(Context ctx, Object view) {
    return ctx.jsonMapper().toJsonString(view, view.getClass()).getBytes(StandardCharsets.UTF_8);
  }

  private void extend(Context ctx) {
    Requests.Extension body = bodies.read(ctx, Requests.Extension.class);
    ctx.json(Views.SandboxView.of(sandboxes.extend(Callers.of(ctx), id(ctx), body.duration())));
  }

  private void kubeconfig(Context ctx) {
    String yaml = kubeconfigs.kubeconfig(Callers.of(ctx), id(ctx));
    ctx.contentType("application/yaml")
        .header("Content-Disposition", "attachment; filename=\"kubeconfig.yaml\"")
        .result(yaml);
  }

  private static java.util.UUID id(Context ctx) {
    return Callers.id(ctx, "id", "sandbox");
  }
}
