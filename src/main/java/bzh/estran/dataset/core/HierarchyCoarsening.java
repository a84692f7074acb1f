package bzh.estran.dataset.core;

import java.util.List;
import java.util.Map;

/** Categories through the policy's hierarchy; a value the hierarchy lacks is refused. */
final class HierarchyCoarsening implements Coarsening {

  private final int column;
  private final int levels;
  private final Map<String, List<String>> parents;

  HierarchyCoarsening(int column, Generalisation.Hierarchy hierarchy) {
    this.column = column;
    this.levels = hierarchy.levels().size();
    this.parents = Map.copyOf(hierarchy.parents());
  }

  @Override
  public int levels() {
    return levels;
  }

  @Override
  public String finest(String[] row) {
    String value = row[column];
    if (!parents.containsKey(value)) {
      throw new IllegalArgumentException(
          "the value " + TimeCoarsening.shorten(value) + " is not in the policy's hierarchy");
    }
    return value;
  }

  @Override
  public String coarsen(String finest, int level) {
    if (level >= levels) {
      return Generalisation.WITHHELD;
    }
    return level == 0 ? finest : parents.get(finest).get(level - 1);
  }
}
