package bzh.estran.dataset.core;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/** The report in words, from the message bundle {@code ReportMessages} (French and English). */
final class ReportSummary {

  private ReportSummary() {}

  static String of(AnonymisationReport report, Locale locale) {
    ResourceBundle bundle = bundle(locale);
    Locale formatLocale = french(locale) ? Locale.FRENCH : Locale.ENGLISH;
    List<String> sentences = new ArrayList<>();
    sentences.add(
        format(
            bundle,
            formatLocale,
            "rows",
            report.rows().in(),
            report.rows().out(),
            report.rows().suppressed(),
            report.suppressedShare() * 100));
    sentences.add(
        format(
            bundle,
            formatLocale,
            report.subjects().column() == null
                ? "subjects.none"
                : report.subjects().exact() ? "subjects.exact" : "subjects.estimated",
            report.subjects().in(),
            report.subjects().out()));
    sentences.add(
        format(
            bundle,
            formatLocale,
            report.smallestClass() != null && report.smallestClass() >= 2L * report.required().k()
                ? "classes.atLeast"
                : "classes",
            report.classes(),
            report.smallestClass() == null ? 0 : report.smallestClass(),
            report.required().k()));
    for (AnonymisationReport.QuasiIdentifierLevel qi : report.quasiIdentifiers()) {
      sentences.add(
          format(
              bundle,
              formatLocale,
              qi.auto() ? "level.auto" : "level.fixed",
              qi.column(),
              qi.level()));
    }
    for (AnonymisationReport.Diversity d : report.diversity()) {
      sentences.add(
          format(
              bundle,
              formatLocale,
              "diversity",
              d.column(),
              d.lReached() == null ? 0 : d.lReached(),
              report.required().l()));
    }
    sentences.add(format(bundle, formatLocale, "loss", report.informationLoss() * 100));
    if (report.refusals().isEmpty()) {
      sentences.add(bundle.getString("publishable"));
    } else {
      sentences.add(bundle.getString("refused"));
      report.refusals().forEach(r -> sentences.add("- " + refusal(r, locale)));
    }
    return String.join("\n", sentences);
  }

  static String refusal(AnonymisationReport.Refusal refusal, Locale locale) {
    ResourceBundle bundle = bundle(locale);
    Locale formatLocale = french(locale) ? Locale.FRENCH : Locale.ENGLISH;
    return format(
        bundle,
        formatLocale,
        "refusal." + refusal.code(),
        refusal.column() == null ? "" : refusal.column(),
        refusal.detail() == null ? "" : refusal.detail());
  }

  private static String format(
      ResourceBundle bundle, Locale locale, String key, Object... arguments) {
    return new MessageFormat(bundle.getString(key), locale).format(arguments);
  }

  private static boolean french(Locale locale) {
    return "fr".equals(locale.getLanguage());
  }

  private static ResourceBundle bundle(Locale locale) {
    return ResourceBundle.getBundle(
        "bzh.estran.dataset.core.ReportMessages",
        french(locale) ? Locale.FRENCH : Locale.ROOT,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }
}
