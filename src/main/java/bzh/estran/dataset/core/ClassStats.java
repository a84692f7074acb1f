package bzh.estran.dataset.core;

/**
 * What a class holds: rows, distinct subjects (exactly up to the cap) and distinct values of each
 * sensitive column (exactly up to the cap). A few dozen bytes, whatever the number of rows.
 */
final class ClassStats {

  long rows;
  final CappedSet subjects;
  final CappedSet[] values;
  boolean suppressed;

  ClassStats(int subjectCap, int valueCap, int sensitives) {
    subjects = new CappedSet(subjectCap);
    values = new CappedSet[sensitives];
    for (int i = 0; i < sensitives; i++) {
      values[i] = new CappedSet(valueCap);
    }
  }

  void merge(ClassStats other) {
    rows += other.rows;
    subjects.addAll(other.subjects);
    for (int i = 0; i < values.length; i++) {
      values[i].addAll(other.values[i]);
    }
  }

  /** The fewest distinct values over the sensitive columns (Integer.MAX_VALUE without any). */
  int diversity() {
    int fewest = Integer.MAX_VALUE;
    for (CappedSet set : values) {
      fewest = Math.min(fewest, set.size());
    }
    return fewest;
  }
}
