package bzh.estran.http;

import bzh.estran.errors.InvalidRequest;
import bzh.estran.errors.Problem;
import bzh.estran.quota.QuotaFigures.Chargeback;
import bzh.estran.quota.QuotaFigures.ChargebackRow;
import bzh.estran.quota.QuotaFigures.Report;
import bzh.estran.quota.QuotaFigures.ReportRow;
import bzh.estran.quota.QuotaService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/** Quotas, usage, the monthly report and the chargeback report, in JSON or CSV. */
final class QuotaRoutes {

  private final QuotaService quotas;
  private final Bodies bodies;
  private final CsvMapper csv =
      CsvMapper.builder()
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(CsvWriteFeature.STRICT_CHECK_FOR_QUOTING)
          .build();

  QuotaRoutes(QuotaService quotas, Bodies bodies) {
    this.quotas = quotas;
    this.bodies = bodies;
  }

  void register(RoutesConfig routes) {
    routes.put("/api/v1/institutions/{slug}/quota", this::setQuota);
    routes.get(
        "/api/v1/institutions/{slug}/quota",
        ctx -> ctx.json(quotas.limits(Callers.of(ctx), ctx.pathParam("slug"))));
    routes.get(
        "/api/v1/institutions/{slug}/usage",
        ctx ->
            ctx.json(
                quotas.usage(Callers.of(ctx), ctx.pathParam("slug"), ctx.queryParam("period"))));
    routes.get("/api/v1/institutions/{slug}/report", this::report);
    routes.get("/api/v1/reports/chargeback", this::chargeback);
  }

  private void setQuota(Context ctx) {
    QuotaService.QuotaRequest body = bodies.read(ctx, QuotaService.QuotaRequest.class);
    ctx.json(quotas.setQuota(Callers.of(ctx), ctx.pathParam("slug"), body));
  }

  private void report(Context ctx) {
    boolean asCsv = csvWanted(ctx);
    Report report = quotas.report(Callers.of(ctx), ctx.pathParam("slug"), ctx.queryParam("period"));
    if (asCsv) {
      csv(
          ctx,
          "estran-" + report.institution() + "-" + report.period() + ".csv",
          ReportRow.class,
          report.rows());
    } else {
      ctx.json(report);
    }
  }

  private void chargeback(Context ctx) {
    boolean asCsv = csvWanted(ctx);
    Chargeback chargeback = quotas.chargeback(Callers.of(ctx), ctx.queryParam("period"));
    if (asCsv) {
      csv(
          ctx,
          "estran-chargeback-" + chargeback.period() + ".csv",
          ChargebackRow.class,
          chargeback.rows());
    } else {
      ctx.json(chargeback);
    }
  }

  private static boolean csvWanted(Context ctx) {
    String format = ctx.queryParam("format");
    if (format == null || format.equals("json")) {
      return false;
    }
    if (format.equals("csv")) {
      return true;
    }
    throw InvalidRequest.field("format", Problem.of("must_be_json_or_csv", "must be json or csv"));
  }

  private <T> void csv(Context ctx, String filename, Class<T> rowType, List<T> rows) {
    CsvSchema schema = csv.schemaFor(rowType).withHeader();
    ctx.contentType("text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
        .result(csv.writer(schema).writeValueAsString(rows));
  }
}
