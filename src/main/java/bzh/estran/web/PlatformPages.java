package bzh.estran.web;

import bzh.estran.audit.AuditLog;
import bzh.estran.audit.AuditQuery;
import bzh.estran.audit.core.AuditPage;
import bzh.estran.auth.core.Principal;
import bzh.estran.catalog.core.Catalog;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.InvalidRequest;
import bzh.estran.quota.QuotaFigures.Chargeback;
import bzh.estran.quota.QuotaFigures.ChargebackRow;
import bzh.estran.quota.QuotaFigures.Limits;
import bzh.estran.quota.QuotaService;
import bzh.estran.quota.QuotaService.QuotaRequest;
import bzh.estran.tenancy.TenancyService;
import bzh.estran.tenancy.core.Institution;
import bzh.estran.web.Pages.Access;
import io.javalin.config.RoutesConfig;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Platform admins' pages: institutions (list, create) and their quotas (edit), templates,
 * chargeback; and the audit log with filters and paging (platform admins, and institution admins
 * for theirs, as the API's). The services check who may do what; the area's pages also refuse
 * anyone but a platform admin before reading anything.
 */
final class PlatformPages {

  private static final String[] QUOTA_FIELDS = {
    "maxSandboxes", "cpu", "memoryGiB", "storageGiB", "sandboxesPerUser", "coreHoursPerMonth"
  };

  private final Pages pages;
  private final TenancyService tenancy;
  private final QuotaService quotas;
  private final Catalog catalog;
  private final AuditLog audit;
  private final CsvDownload csv = new CsvDownload();

  PlatformPages(
      Pages pages, TenancyService tenancy, QuotaService quotas, Catalog catalog, AuditLog audit) {
    this.pages = pages;
    this.tenancy = tenancy;
    this.quotas = quotas;
    this.catalog = catalog;
    this.audit = audit;
  }

  void register(RoutesConfig routes) {
    pages.get(routes, "/admin", Access.SIGNED_IN, r -> r.render("admin.jte", platform(r)));
    pages.get(
        routes, "/admin/institutions", Access.SIGNED_IN, r -> institutions(r, Map.of(), Map.of()));
    pages.post(routes, "/admin/institutions", Access.SIGNED_IN, this::createInstitution);
    pages.get(routes, "/admin/institutions/{slug}/quota", Access.SIGNED_IN, this::quotaForm);
    pages.post(routes, "/admin/institutions/{slug}/quota", Access.SIGNED_IN, this::setQuota);
    pages.get(
        routes,
        "/admin/templates",
        Access.SIGNED_IN,
        r -> {
          platform(r);
          r.render("templates.jte", Map.of("templates", catalog.templates()));
        });
    pages.get(routes, "/admin/chargeback", Access.SIGNED_IN, this::chargeback);
    pages.get(routes, "/admin/chargeback.csv", Access.SIGNED_IN, this::chargebackCsv);
    pages.get(routes, "/audit", Access.SIGNED_IN, this::audit);
  }

  /** Refuses anyone but a platform admin (403), before anything is read. */
  private static Map<String, Object> platform(WebRequest request) {
    if (!request.principal().isPlatformAdmin()) {
      throw new Forbidden("Only platform admins may use this page.");
    }
    return Map.of();
  }

  private void institutions(
      WebRequest request, Map<String, String> values, Map<String, String> errors) {
    platform(request);
    String done = request.ctx().queryParam("done");
    request.render(
        "admin-institutions.jte",
        Map.of(
            "institutions",
            tenancy.listInstitutions(request.principal()),
            "values",
            values,
            "errors",
            errors,
            "notice",
            done == null ? "" : request.t("admin.done." + done, request.ctx().queryParam("slug"))));
  }

  private void createInstitution(WebRequest request) {
    platform(request);
    FormValues form = new FormValues(request, "slug", "name", "kind");
    try {
      Institution created =
          tenancy.createInstitution(
              request.principal(), form.text("slug"), form.text("name"), form.text("kind"));
      request.redirect("/admin/institutions?done=created&slug=" + created.slug());
    } catch (InvalidRequest e) {
      form.addService(e.problems(), Map.of());
      request.ctx().status(400);
      institutions(request, form.typed(), form.problems());
    } catch (bzh.estran.errors.Conflict e) {
      form.problems().put("slug", request.t("admin.slug.taken"));
      request.ctx().status(409);
      institutions(request, form.typed(), form.problems());
    }
  }

  private void quotaForm(WebRequest request) {
    platform(request);
    String slug = request.ctx().pathParam("slug");
    Limits limits = quotas.limits(request.principal(), slug);
    Map<String, String> values = new HashMap<>();
    values.put("maxSandboxes", "" + limits.maxSandboxes());
    values.put("cpu", limits.cpu().toPlainString());
    values.put("memoryGiB", limits.memoryGiB().toPlainString());
    values.put("storageGiB", limits.storageGiB().toPlainString());
    values.put("sandboxesPerUser", "" + limits.sandboxesPerUser());
    values.put("coreHoursPerMonth", limits.coreHoursPerMonth().toPlainString());
    quotaPage(request, slug, values, Map.of());
  }

  private void quotaPage(
      WebRequest request, String slug, Map<String, String> values, Map<String, String> errors) {
    Institution institution = tenancy.institution(request.principal(), slug);
    request.render(
        "quota.jte",
        Map.of(
            "institution",
            institution,
            "fields",
            java.util.List.of(QUOTA_FIELDS),
            "values",
            values,
            "errors",
            errors));
  }

  private void setQuota(WebRequest request) {
    platform(request);
    String slug = request.ctx().pathParam("slug");
    tenancy.institution(request.principal(), slug);
    FormValues form = new FormValues(request, QUOTA_FIELDS);
    QuotaRequest quota =
        new QuotaRequest(
            form.whole("maxSandboxes"),
            form.decimal("cpu"),
            form.decimal("memoryGiB"),
            form.decimal("storageGiB"),
            form.whole("sandboxesPerUser"),
            form.decimal("coreHoursPerMonth"));
    try {
      // Every field is required: one the page could not read is null, so the service refuses the
      // whole form and names its other problems too.
      quotas.setQuota(request.principal(), slug, quota);
      request.redirect("/admin/institutions?done=quota&slug=" + slug);
    } catch (InvalidRequest e) {
      form.addService(e.problems(), Map.of());
      request.ctx().status(400);
      quotaPage(request, slug, form.typed(), form.problems());
    }
  }

  private void chargeback(WebRequest request) {
    platform(request);
    String period = request.ctx().queryParam("period");
    Chargeback chargeback;
    String error = "";
    try {
      chargeback = quotas.chargeback(request.principal(), period);
    } catch (InvalidRequest e) {
      error = request.t("form.month");
      chargeback = quotas.chargeback(request.principal(), null);
    }
    request.render(
        "chargeback.jte",
        Map.of("chargeback", chargeback, "typed", period == null ? "" : period, "error", error));
  }

  private void chargebackCsv(WebRequest request) {
    Chargeback chargeback =
        quotas.chargeback(request.principal(), request.ctx().queryParam("period"));
    csv.send(
        request,
        "estran-chargeback-" + chargeback.period() + ".csv",
        ChargebackRow.class,
        chargeback.rows());
  }

  private void audit(WebRequest request) {
    Principal caller = request.principal();
    var zone = request.page().zone();
    String[] names = {"actor", "institution", "action", "from", "to"};
    Map<String, String> filters = new LinkedHashMap<>();
    for (String name : names) {
      String value = request.ctx().queryParam(name);
      filters.put(name, value == null ? "" : value.trim());
    }
    Map<String, String> errors = new LinkedHashMap<>();
    String from = day(filters.get("from"), zone, false, "from", errors, request);
    String to = day(filters.get("to"), zone, true, "to", errors, request);
    AuditPage page;
    try {
      page =
          audit.list(
              caller,
              AuditQuery.parse(
                  blank(filters.get("actor")),
                  blank(filters.get("institution")),
                  blank(filters.get("action")),
                  errors.isEmpty() ? from : null,
                  errors.isEmpty() ? to : null,
                  "50",
                  request.ctx().queryParam("before")));
    } catch (InvalidRequest e) {
      e.problems().forEach((f, p) -> errors.putIfAbsent(f, request.page().problem(p)));
      page = audit.list(caller, AuditQuery.parse(null, null, null, null, null, "50", null));
    } catch (bzh.estran.errors.NotFound e) {
      errors.put("institution", request.t("audit.unknown"));
      page = audit.list(caller, AuditQuery.parse(null, null, null, null, null, "50", null));
    }
    StringBuilder query = new StringBuilder();
    filters.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            query
                .append('&')
                .append(k)
                .append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8));
          }
        });
    if (!errors.isEmpty()) {
      request.ctx().status(400);
    }
    request.render(
        "audit.jte",
        Map.of(
            "entries",
            page.entries(),
            "next",
            page.next() == null ? "" : "/audit?before=" + page.next() + query,
            "filters",
            filters,
            "errors",
            errors));
  }

  private static String blank(String text) {
    return text == null || text.isEmpty() ? null : text;
  }

  /**
   * A day typed in a filter, as the instant it starts (or ends) in the pool's zone; null if blank.
   */
  private static String day(
      String typed,
      java.time.ZoneId zone,
      boolean end,
      String field,
      Map<String, String> errors,
      WebRequest request) {
    if (typed.isEmpty()) {
      return null;
    }
    try {
      LocalDate day = LocalDate.parse(typed);
      return (end ? FormValues.endOf(day, zone) : FormValues.startOf(day, zone)).toString();
    } catch (java.time.format.DateTimeParseException e) {
      errors.put(field, request.t("form.date"));
      return null;
    }
  }
}
