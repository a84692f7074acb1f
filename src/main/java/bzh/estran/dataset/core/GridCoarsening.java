package bzh.estran.dataset.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Latitude/longitude pairs to the centre of square cells of so many metres (an equirectangular
 * grid: north–south cells of {@code m} metres; east–west, {@code m} metres at the latitude of the
 * first row with coordinates, the only thing it learns from the rows). Each coarser size is a
 * multiple of the finest, so cells nest.
 */
final class GridCoarsening implements Coarsening {

  static final double METRES_PER_DEGREE = 111_320;

  private final int latitude;
  private final int longitude;
  private final List<Integer> metres;
  private volatile double eastScale = Double.NaN;

  GridCoarsening(int latitude, int longitude, List<Integer> metres) {
    this.latitude = latitude;
    this.longitude = longitude;
    this.metres = List.copyOf(metres);
  }

  @Override
  public int levels() {
    return metres.size();
  }

  @Override
  public String finest(String[] row) {
    String lat = row[latitude].trim();
    String lon = row[longitude].trim();
    if (lat.isEmpty() && lon.isEmpty()) {
      return "";
    }
    double y = coordinate(lat, 90);
    double x = coordinate(lon, 180);
    double eastScale = this.eastScale;
    if (Double.isNaN(eastScale)) {
      eastScale = Math.cos(Math.toRadians(Math.round(y)));
      this.eastScale = eastScale;
    }
    double size = metres.get(0);
    long row0 = (long) Math.floor(y * METRES_PER_DEGREE / size);
    long column0 = (long) Math.floor(x * METRES_PER_DEGREE * eastScale / size);
    return row0 + ":" + column0;
  }

  @Override
  public boolean settled() {
    return !Double.isNaN(eastScale);
  }

  @Override
  public String coarsen(String finest, int level) {
    if (level >= metres.size()) {
      return Coarsening.withheld(2);
    }
    if (finest.isEmpty()) {
      return "" + PAIR;
    }
    int colon = finest.indexOf(':');
    long factor = metres.get(level) / metres.get(0);
    long cellRow = Math.floorDiv(Long.parseLong(finest.substring(0, colon)), factor);
    long cellColumn = Math.floorDiv(Long.parseLong(finest.substring(colon + 1)), factor);
    double size = metres.get(level);
    double lat = (cellRow + 0.5) * size / METRES_PER_DEGREE;
    double lon = (cellColumn + 0.5) * size / (METRES_PER_DEGREE * eastScale);
    int decimals = decimals(size);
    return round(lat, decimals) + PAIR + round(lon, decimals);
  }

  /** Enough decimals to place a cell centre to a tenth of the cell. */
  private static int decimals(double size) {
    return Math.max(0, (int) Math.ceil(Math.log10(METRES_PER_DEGREE * 10 / size)));
  }

  private static String round(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
  }

  static double coordinate(String text, double bound) {
    try {
      double value = Double.parseDouble(text);
      if (Double.isFinite(value) && Math.abs(value) <= bound) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "not a coordinate in decimal degrees: " + TimeCoarsening.shorten(text));
  }
}
