package bzh.estran.web;

import bzh.estran.auth.core.Principal;
import bzh.estran.errors.InvalidRequest;
import bzh.estran.errors.NotFound;
import bzh.estran.membership.MemberService;
import bzh.estran.quota.QuotaFigures.Report;
import bzh.estran.quota.QuotaFigures.ReportRow;
import bzh.estran.quota.QuotaFigures.Usage;
import bzh.estran.quota.QuotaService;
import bzh.estran.quota.QuotaService.MonthCurve;
import bzh.estran.tenancy.TenancyDao;
import bzh.estran.tenancy.TenancyService;
import bzh.estran.tenancy.core.Institution;
import bzh.estran.web.Pages.Access;
import bzh.estran.web.core.UsageBar;
import io.javalin.config.RoutesConfig;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Institution admins' pages: usage against each limit and the month's core-hour budget as pictures,
 * the monthly report as CSV, members and their roles. Same services, same caller as the API: a
 * member sees the usage (as the API lets them), only admins the report and the members.
 */
final class InstitutionPages {

  private final Pages pages;
  private final TenancyService tenancy;
  private final QuotaService quotas;
  private final MemberService members;
  private final CsvDownload csv = new CsvDownload();

  InstitutionPages(
      Pages pages, TenancyService tenancy, QuotaService quotas, MemberService members) {
    this.pages = pages;
    this.tenancy = tenancy;
    this.quotas = quotas;
    this.members = members;
  }

  void register(RoutesConfig routes) {
    pages.get(
        routes,
        "/institutions",
        Access.SIGNED_IN,
        r ->
            r.render(
                "institutions.jte",
                Map.of("institutions", tenancy.listInstitutions(r.principal()))));
    pages.get(routes, "/institutions/{slug}", Access.SIGNED_IN, this::usage);
    pages.get(routes, "/institutions/{slug}/report.csv", Access.SIGNED_IN, this::report);
    pages.get(routes, "/institutions/{slug}/members", Access.SIGNED_IN, this::members);
    pages.post(routes, "/institutions/{slug}/members", Access.SIGNED_IN, this::addMember);
    pages.post(
        routes, "/institutions/{slug}/members/{userId}/role", Access.SIGNED_IN, this::changeRole);
    pages.get(
        routes, "/institutions/{slug}/members/{userId}/remove", Access.SIGNED_IN, this::confirm);
    pages.post(
        routes, "/institutions/{slug}/members/{userId}/remove", Access.SIGNED_IN, this::remove);
  }

  private void usage(WebRequest request) {
    Principal caller = request.principal();
    String slug = request.ctx().pathParam("slug");
    Institution institution = tenancy.institution(caller, slug);
    String period = request.ctx().queryParam("period");
    Usage usage;
    MonthCurve curve;
    try {
      usage = quotas.usage(caller, slug, period);
      curve = quotas.curve(caller, slug, period);
    } catch (InvalidRequest e) {
      usage = quotas.usage(caller, slug, null);
      curve = quotas.curve(caller, slug, null);
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("institution", institution);
    params.put("usage", usage);
    params.put("bars", bars(usage));
    params.put("curve", curve);
    params.put(
        "layout",
        bzh.estran.web.core.MonthCurve.of(
            curve.days().stream().map(QuotaService.DayUsed::coreHours).toList(),
            curve.granted(),
            YearMonth.parse(curve.period()).lengthOfMonth()));
    params.put("admin", caller.administers(institution.id()));
    request.render("institution.jte", params);
  }

  private static List<UsageBar> bars(Usage usage) {
    var limits = usage.limits();
    var inUse = usage.inUse();
    return List.of(
        UsageBar.of(
            "maxSandboxes",
            BigDecimal.valueOf(inUse.sandboxes()),
            BigDecimal.valueOf(limits.maxSandboxes())),
        UsageBar.of("cpu", inUse.cpu(), limits.cpu()),
        UsageBar.of("memoryGiB", inUse.memoryGiB(), limits.memoryGiB()),
        UsageBar.of("storageGiB", inUse.storageGiB(), limits.storageGiB()),
        UsageBar.of(
            "coreHours", usage.budget().coreHours().net(), usage.budget().coreHours().granted()));
  }

  private void report(WebRequest request) {
    String slug = request.ctx().pathParam("slug");
    Report report = quotas.report(request.principal(), slug, request.ctx().queryParam("period"));
    csv.send(
        request,
        "estran-" + report.institution() + "-" + report.period() + ".csv",
        ReportRow.class,
        report.rows());
  }

  private void members(WebRequest request) {
    String done = request.ctx().queryParam("done");
    String added = request.ctx().queryParam("email");
    String notice =
        "added".equals(done) && added != null
            ? request.t("members.done.added", added)
            : done == null || done.equals("added") ? "" : request.t("members.done." + done);
    members(request, notice, null, "");
  }

  /**
   * Adds a member by e-mail with a role, under the enrolment rule of {@link
   * TenancyService#addMember}: someone who belongs elsewhere is refused (only a platform admin may
   * add them). Every refusal is shown next to its field, and what was typed stays.
   */
  private void addMember(WebRequest request) {
    String slug = request.ctx().pathParam("slug");
    FormValues form = new FormValues(request, "email", "role");
    try {
      TenancyService.MemberAdded added =
          tenancy.addMember(request.principal(), slug, form.text("email"), form.text("role"));
      request.redirect(
          "/institutions/"
              + slug
              + "/members?done=added&email="
              + java.net.URLEncoder.encode(
                  added.user().email(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (InvalidRequest e) {
      form.addService(e.problems(), Map.of());
      request.ctx().status(400);
      members(request, "", null, "", form.typed(), form.problems());
    } catch (bzh.estran.errors.Conflict e) {
      // already a member here
      form.problems().put("email", request.page().sentence(e));
      request.ctx().status(409);
      members(request, "", null, "", form.typed(), form.problems());
    } catch (bzh.estran.errors.Forbidden e) {
      if (e.sentence().isEmpty()) {
        throw e; // not an admin of this institution: the 403 page
      }
      // the enrolment rule: they belong elsewhere
      form.problems().put("email", request.page().sentence(e));
      request.ctx().status(403);
      members(request, "", null, "", form.typed(), form.problems());
    }
  }

  private void members(WebRequest request, String notice, UUID failedFor, String failure) {
    members(request, notice, failedFor, failure, Map.of("role", "member"), Map.of());
  }

  private void members(
      WebRequest request,
      String notice,
      UUID failedFor,
      String failure,
      Map<String, String> typed,
      Map<String, String> errors) {
    Principal caller = request.principal();
    String slug = request.ctx().pathParam("slug");
    Institution institution = tenancy.institution(caller, slug);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("institution", institution);
    params.put("members", members.members(caller, slug));
    params.put("notice", notice);
    params.put("failedFor", failedFor == null ? "" : failedFor.toString());
    params.put("failure", failure);
    params.put("values", typed);
    params.put("errors", errors);
    request.render("members.jte", params);
  }

  private void changeRole(WebRequest request) {
    String slug = request.ctx().pathParam("slug");
    UUID userId = request.idParam("userId");
    try {
      members.changeRole(request.principal(), slug, userId, request.form("role"));
      request.redirect("/institutions/" + slug + "/members?done=role");
    } catch (InvalidRequest e) {
      request.ctx().status(400);
      members(request, "", userId, request.page().problems(e).getOrDefault("role", e.getMessage()));
    }
  }

  private TenancyDao.Member member(WebRequest request) {
    UUID userId = request.idParam("userId");
    return members.members(request.principal(), request.ctx().pathParam("slug")).stream()
        .filter(m -> m.userId().equals(userId))
        .findFirst()
        .orElseThrow(() -> new NotFound("No such member."));
  }

  private void confirm(WebRequest request) {
    Institution institution =
        tenancy.institution(request.principal(), request.ctx().pathParam("slug"));
    request.render(
        "member-remove.jte", Map.of("institution", institution, "member", member(request)));
  }

  private void remove(WebRequest request) {
    String slug = request.ctx().pathParam("slug");
    members.remove(request.principal(), slug, request.idParam("userId"));
    request.redirect("/institutions/" + slug + "/members?done=removed");
  }
}
