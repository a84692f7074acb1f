package bzh.estran.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a form sent, field by field, kept as typed (to show it again when the form is refused), and
 * the problems found while reading it into typed values, field by field, in the page's language.
 */
final class FormValues {

  private final Map<String, String> typed = new LinkedHashMap<>();
  private final Map<String, String> problems = new LinkedHashMap<>();
  private final WebRequest request;

  FormValues(WebRequest request, String... fields) {
    this.request = request;
    for (String field : fields) {
      String value = request.form(field);
      typed.put(field, value == null ? "" : value);
    }
  }

  /** The fields as typed (blank ones as ""). */
  Map<String, String> typed() {
    return typed;
  }

  /** Problems found so far, field to words. */
  Map<String, String> problems() {
    return problems;
  }

  String text(String field) {
    String value = typed.get(field);
    return value == null || value.isEmpty() ? null : value;
  }

  /** A whole number, or null when blank; a problem when it is not one. */
  Integer whole(String field) {
    String value = text(field);
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value.replace(" ", "").replace("\u00a0", ""));
    } catch (NumberFormatException e) {
      problems.put(field, request.t("form.whole"));
      return null;
    }
  }

  /** A decimal number (a comma is read as the decimal point), or null when blank. */
  BigDecimal decimal(String field) {
    String value = text(field);
    if (value == null) {
      return null;
    }
    try {
      return new BigDecimal(value.replace(" ", "").replace("\u00a0", "").replace(',', '.'));
    } catch (NumberFormatException e) {
      problems.put(field, request.t("form.decimal"));
      return null;
    }
  }

  /** A date (YYYY-MM-DD, as date inputs send it), or null when blank. */
  LocalDate date(String field) {
    String value = text(field);
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      problems.put(field, request.t("form.date"));
      return null;
    }
  }

  /** The start of the day in {@code zone}, or null. */
  static java.time.Instant startOf(LocalDate day, ZoneId zone) {
    return day == null ? null : day.atStartOfDay(zone).toInstant();
  }

  /** The end of the day (the next day's start) in {@code zone}, or null. */
  static java.time.Instant endOf(LocalDate day, ZoneId zone) {
    return day == null ? null : day.plusDays(1).atStartOfDay(zone).toInstant();
  }

  /**
   * Adds a service's field problems under the form's field names ({@code names}: the service's
   * field to the form's; unlisted fields keep their name), in the page's language when the bundle
   * has the words.
   */
  void addService(Map<String, bzh.estran.errors.Problem> serviceFields, Map<String, String> names) {
    Page page = request.page();
    serviceFields.forEach(
        (field, problem) ->
            problems.putIfAbsent(names.getOrDefault(field, field), page.problem(problem)));
  }
}
