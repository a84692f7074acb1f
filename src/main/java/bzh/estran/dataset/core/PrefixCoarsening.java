package bzh.estran.dataset.core;

import java.util.List;

/** Postcodes (or any codes) to their first characters, the longest prefix first. */
final class PrefixCoarsening implements Coarsening {

  private final int column;
  private final List<Integer> lengths;

  PrefixCoarsening(int column, List<Integer> lengths) {
    this.column = column;
    this.lengths = List.copyOf(lengths);
  }

  @Override
  public int levels() {
    return lengths.size();
  }

  @Override
  public String finest(String[] row) {
    return prefix(row[column].trim(), lengths.get(0));
  }

  @Override
  public String coarsen(String finest, int level) {
    return level >= lengths.size() ? Generalisation.WITHHELD : prefix(finest, lengths.get(level));
  }

  private static String prefix(String value, int length) {
    return value.length() <= length ? value : value.substring(0, length);
  }
}
