package bzh.estran.audit;

import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Problem;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The filters of an audit log listing, validated.
 *
 * @param actor e-mail of the actor (case-insensitive), or null
 * @param institution slug of the institution, or null
 * @param action a part of the action (case-insensitive), e.g. {@code extend} or {@code DELETE}
 * @param from entries at or after this instant, or null
 * @param to entries strictly before this instant, or null
 * @param limit page size, 1 to {@link #MAX_LIMIT}
 * @param before only entries with a smaller id (the {@code next} of the previous page), or null
 */
public record AuditQuery(
    String actor,
    String institution,
    String action,
    Instant from,
    Instant to,
    int limit,
    Long before) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 500;

  /** Parses the query parameters (each may be null); {@code InvalidRequest} names every bad one. */
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  public static AuditQuery parse(
      String actor,
      String institution,
      String action,
      String from,
      String to,
      String limit,
      String before) {
    FieldErrors errors = new FieldErrors();
    Instant parsedFrom = instant("from", from, errors);
    Instant parsedTo = instant("to", to, errors);
    if (parsedFrom != null && parsedTo != null && !parsedTo.isAfter(parsedFrom)) {
      errors.add("to", Problem.of("must_be_after_from", "must be after from"));
    }
    int parsedLimit = DEFAULT_LIMIT;
    if (limit != null) {
      parsedLimit = (int) whole("limit", limit, 1, MAX_LIMIT, errors, DEFAULT_LIMIT);
    }
    Long parsedBefore = null;
    if (before != null) {
      parsedBefore = whole("before", before, 1, Long.MAX_VALUE, errors, 0);
    }
    errors.throwIfAny();
    return new AuditQuery(
        blankToNull(actor),
        blankToNull(institution),
        blankToNull(action),
        parsedFrom,
        parsedTo,
        parsedLimit,
        parsedBefore);
  }

  private static Instant instant(String field, String text, FieldErrors errors) {
    if (text == null) {
      return null;
    }
    try {
      Instant instant = Instant.parse(text);
      if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
        errors.add(
            field, Problem.of("must_be_in_the_years_1_to_9999", "must be in the years 1 to 9999"));
        return null;
      }
      return instant;
    } catch (DateTimeParseException e) {
      errors.add(
          field,
          Problem.of(
              "must_be_an_iso_8601_instant_such_as_2026_11_28t09_00_00z",
              "must be an ISO-8601 instant such as 2026-11-28T09:00:00Z"));
      return null;
    }
  }

  private static long whole(
      String field, String text, long min, long max, FieldErrors errors, long fallback) {
    try {
      long value = Long.parseLong(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        field,
        max == Long.MAX_VALUE
            ? Problem.of("positive_whole", "must be a positive whole number")
            : Problem.of("whole_from_to", "must be a whole number from {0} to {1}", min, max));
    return fallback;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }
}
