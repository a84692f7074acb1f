package bzh.estran.dataset.core;

/** A kept quasi-identifier: one level, the value itself. */
final class ValueCoarsening implements Coarsening {

  private final int column;

  ValueCoarsening(int column) {
    this.column = column;
  }

  @Override
  public int levels() {
    return 1;
  }

  @Override
  public String finest(String[] row) {
    return row[column];
  }

  @Override
  public String coarsen(String finest, int level) {
    return level == 0 ? finest : Generalisation.WITHHELD;
  }
}
