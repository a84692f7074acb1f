package bzh.estran.dataset.core;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.IsoFields;
import java.util.List;

/**
 * Timestamps to an hour ({@code 2026-01-05T08:00}), a day ({@code 2026-01-05}), an ISO week ({@code
 * 2026-W02}) or a month ({@code 2026-01}). The local date and time are taken as written; an offset
 * or zone after them is ignored.
 */
final class TimeCoarsening implements Coarsening {

  private final int column;
  private final List<Generalisation.TimeUnit> units;

  TimeCoarsening(int column, List<Generalisation.TimeUnit> units) {
    this.column = column;
    this.units = List.copyOf(units);
  }

  @Override
  public int levels() {
    return units.size();
  }

  @Override
  public String finest(String[] row) {
    String text = row[column].trim();
    if (text.isEmpty()) {
      return "";
    }
    return format(parse(text), units.get(0));
  }

  @Override
  public String coarsen(String finest, int level) {
    if (level >= units.size()) {
      return Generalisation.WITHHELD;
    }
    if (level == 0 || finest.isEmpty()) {
      return finest;
    }
    LocalDateTime time =
        finest.length() > 10 ? LocalDateTime.parse(finest) : LocalDate.parse(finest).atStartOfDay();
    return format(time, units.get(level));
  }

  static LocalDateTime parse(String text) {
    try {
      LocalDate date = isoDate(text, Math.min(text.length(), 10));
      if (text.length() <= 10) {
        return date.atStartOfDay();
      }
      char separator = text.charAt(10);
      if ((separator != 'T' && separator != ' ') || text.length() < 13) {
        throw new IllegalArgumentException("not an ISO-8601 timestamp: " + shorten(text));
      }
      int hour = Integer.parseInt(text, 11, 13, 10);
      return date.atTime(hour, 0);
    } catch (java.time.DateTimeException | NumberFormatException e) {
      throw new IllegalArgumentException("not an ISO-8601 timestamp: " + shorten(text));
    }
  }

  /**
   * {@code LocalDate.parse} of the first {@code length} characters of {@code text}: the same date
   * or the same exception, without the formatter for the common form {@code yyyy-MM-dd}.
   */
  static LocalDate isoDate(String text, int length) {
    if (length == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 7);
      int day = digits(text, 8, 10);
      if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28) {
        return LocalDate.of(year, month, day);
      }
      if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31) {
        try {
          return LocalDate.of(year, month, day);
        } catch (java.time.DateTimeException e) {
          // not a day of that month: the formatter says so below
        }
      }
    }
    return LocalDate.parse(length == text.length() ? text : text.substring(0, length));
  }

  /** The decimal number written with ASCII digits from {@code from} to {@code to}, or -1. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static String format(LocalDateTime time, Generalisation.TimeUnit unit) {
    return switch (unit) {
      case HOUR ->
          time.toLocalDate() + "T" + (time.getHour() < 10 ? "0" : "") + time.getHour() + ":00";
      case DAY -> time.toLocalDate().toString();
      case WEEK ->
          String.format(
              "%d-W%02d",
              time.get(IsoFields.WEEK_BASED_YEAR), time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case MONTH -> time.toLocalDate().toString().substring(0, 7);
    };
  }

  static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
