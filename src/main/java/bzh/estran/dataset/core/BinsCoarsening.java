package bzh.estran.dataset.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Numbers to bins {@code [low, high)} of a width; each coarser width a multiple of the first. */
final class BinsCoarsening implements Coarsening {

  private final int column;
  private final List<BigDecimal> widths;

  BinsCoarsening(int column, List<BigDecimal> widths) {
    this.column = column;
    this.widths = List.copyOf(widths);
  }

  @Override
  public int levels() {
    return widths.size();
  }

  @Override
  public String finest(String[] row) {
    String text = row[column].trim();
    if (text.isEmpty()) {
      return "";
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + TimeCoarsening.shorten(text));
    }
    return bin(value, widths.get(0));
  }

  @Override
  public String coarsen(String finest, int level) {
    if (level >= widths.size()) {
      return Generalisation.WITHHELD;
    }
    if (level == 0 || finest.isEmpty()) {
      return finest;
    }
    return bin(new BigDecimal(finest.substring(1, finest.indexOf(','))), widths.get(level));
  }

  private static String bin(BigDecimal value, BigDecimal width) {
    BigDecimal low = value.divide(width, 0, RoundingMode.FLOOR).multiply(width);
    return "["
        + low.stripTrailingZeros().toPlainString()
        + ","
        + low.add(width).stripTrailingZeros().toPlainString()
        + ")";
  }
}
