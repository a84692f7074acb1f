package bzh.estran.web.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The month's curve of core-hours used, laid out for an inline SVG drawn on the server: the
 * polyline of the cumulative use day by day, the budget line, and the axis labels. Coordinates are
 * in the SVG's own units ({@link #WIDTH} × {@link #HEIGHT}).
 */
public record MonthCurve(
    String points, int budgetY, String budgetLabel, String topLabel, List<Tick> ticks) {

  public static final int WIDTH = 640;
  public static final int HEIGHT = 260;
  public static final int LEFT = 64;
  public static final int RIGHT = 624;
  public static final int TOP = 16;
  public static final int BOTTOM = 220;

  /** A label on the day axis. */
  public record Tick(int x, String label) {}

  /**
   * Lays out {@code used} (core-hours by the end of day 1, 2, ... of a month of {@code daysInMonth}
   * days; days still to come left out) against the {@code granted} budget.
   */
  public static MonthCurve of(List<BigDecimal> used, BigDecimal granted, int daysInMonth) {
    BigDecimal top = granted;
    for (BigDecimal value : used) {
      top = top.max(value);
    }
    if (top.signum() == 0) {
      top = BigDecimal.ONE;
    }
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < used.size(); i++) {
      points
          .append(i == 0 ? "" : " ")
          .append(x(i + 1, daysInMonth))
          .append(',')
          .append(y(used.get(i), top));
    }
    List<Tick> ticks = new ArrayList<>();
    for (int day : new int[] {1, 8, 15, 22, daysInMonth}) {
      ticks.add(new Tick(x(day, daysInMonth), Integer.toString(day)));
    }
    return new MonthCurve(
        points.toString(), y(granted, top), plain(granted), plain(top), List.copyOf(ticks));
  }

  private static int x(int day, int daysInMonth) {
    return LEFT + (RIGHT - LEFT) * (day - 1) / Math.max(1, daysInMonth - 1);
  }

  private static int y(BigDecimal value, BigDecimal top) {
    BigDecimal share = value.divide(top, 6, RoundingMode.HALF_UP);
    return BOTTOM - share.multiply(BigDecimal.valueOf(BOTTOM - TOP)).intValue();
  }

  private static String plain(BigDecimal value) {
    return String.format(Locale.ROOT, "%s", value.stripTrailingZeros().toPlainString());
  }
}
