package bzh.estran.dataset.core;

/**
 * A column (or a latitude/longitude pair) seen as a hierarchy of levels: a row's value is reduced
 * to a key at the finest level, and every level's published value is computed from that key alone,
 * so a histogram of finest keys can be rolled up to any level without the rows. The level after the
 * last, {@link #levels()}, withholds the value ({@code *}).
 */
interface Coarsening {

  /** The separator between the two published values of a pair (latitude, longitude). */
  char PAIR = '\u001f';

  /** The number of levels, withholding excluded. */
  int levels();

  /**
   * The finest key of a row's value.
   *
   * @throws IllegalArgumentException saying what is wrong with the value
   */
  String finest(String[] row);

  /** The published value at {@code level} of a finest key (for a pair, two joined by PAIR). */
  String coarsen(String finest, int level);

  /**
   * Whether the coarsening has learnt what it learns from the first row it reads, if anything (the
   * grid's east–west scale); until then its rows are treated one after the other in file order, and
   * from then on it is safe on any thread.
   */
  default boolean settled() {
    return true;
  }

  /** The published value at {@code level} of a row's value. */
  default String publish(String[] row, int level) {
    return coarsen(finest(row), level);
  }

  /** The value withheld, for {@code width} published columns. */
  static String withheld(int width) {
    return width == 1 ? Generalisation.WITHHELD : Generalisation.WITHHELD + PAIR + "*";
  }
}
