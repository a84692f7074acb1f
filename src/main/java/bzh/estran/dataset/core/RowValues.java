package bzh.estran.dataset.core;

/** The values the passes take from a raw row, with a bad value reported at its line. */
final class RowValues {

  private RowValues() {}

  static String finest(Coarsening coarsening, String[] row, String column, long line) {
    try {
      return coarsening.finest(row);
    } catch (IllegalArgumentException e) {
      throw new RawDataException(line, "column " + column + ": " + e.getMessage());
    }
  }

  static String sensitive(Layout layout, int sensitive, String[] row, long line) {
    Layout.Sensitive column = layout.sensitives.get(sensitive);
    if (column.generalised() < 0) {
      return row[column.index()];
    }
    Layout.Generalised g = layout.generalised.get(column.generalised());
    try {
      return g.coarsening().publish(row, g.fixedLevel());
    } catch (IllegalArgumentException e) {
      throw new RawDataException(line, "column " + column.column() + ": " + e.getMessage());
    }
  }

  /**
   * The subject's 64-bit hash, for counting (never published); without a subject column, each row
   * is its own subject.
   */
  static long subject(Layout layout, String[] row, long number) {
    return layout.subject < 0 ? number : Pseudonyms.valueHash(row[layout.subject]);
  }
}
