package bzh.estran.dataset.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The search of the lattice of generalisation levels over a first-pass histogram. Each node (one
 * level per quasi-identifier) is evaluated by rolling the finest classes up to its levels, without
 * reading the data again; the node kept is the one of least information loss that meets k and l
 * within the suppression limit (ties: the lowest levels, then the first in lattice order).
 */
final class LatticeSearch {

  /** A node's figures. */
  record Node(
      int[] levels,
      long suppressedRows,
      long classes,
      long smallest,
      int diversity,
      int[] lReached,
      double loss,
      boolean fits) {}

  private final Histogram histogram;
  private final List<Layout.QuasiIdentifier> quasiIdentifiers;
  private final int k;
  private final int l;
  private final long allowedSuppression;
  private final int[][][] coarse;
  private final int[][] distinct;
  private long evaluated;

  LatticeSearch(
      Histogram histogram, List<Layout.QuasiIdentifier> quasiIdentifiers, DatasetPolicy policy) {
    this.histogram = histogram;
    this.quasiIdentifiers = quasiIdentifiers;
    this.k = policy.k();
    this.l = histogram.sensitives == 0 ? 0 : policy.l();
    this.allowedSuppression = (long) Math.floor(policy.maxSuppression() * histogram.rows + 1e-9);
    int count = quasiIdentifiers.size();
    coarse = new int[count][][];
    distinct = new int[count][];
    for (int d = 0; d < count; d++) {
      Coarsening coarsening = quasiIdentifiers.get(d).coarsening();
      List<String> keys = histogram.keys.get(d);
      coarse[d] = new int[coarsening.levels() + 1][keys.size()];
      distinct[d] = new int[coarsening.levels() + 1];
      for (int level = 0; level <= coarsening.levels(); level++) {
        Map<String, Integer> labels = new HashMap<>();
        for (int code = 0; code < keys.size(); code++) {
          String label = coarsening.coarsen(keys.get(code), level);
          Integer id = labels.putIfAbsent(label, labels.size());
          coarse[d][level][code] = id == null ? labels.size() - 1 : id;
        }
        distinct[d][level] = labels.size();
      }
    }
  }

  /**
   * The best node that fits, or else the node suppressing least (with {@code fits} false). Nodes
   * are visited by increasing attribute loss: as a node's loss is at least its attribute loss, the
   * search stops once that exceeds the best loss found, without missing a better node.
   */
  Node search() {
    List<int[]> nodes = nodes();
    nodes.sort(
        java.util.Comparator.<int[]>comparingDouble(this::attributeLoss)
            .thenComparingInt(LatticeSearch::sum));
    Node best = null;
    Node leastSuppressing = null;
    for (int[] levels : nodes) {
      if (best != null && attributeLoss(levels) > best.loss() + 1e-12) {
        break;
      }
      Node node = evaluate(levels);
      if (node.fits() && (best == null || better(node, best))) {
        best = node;
      }
      if (leastSuppressing == null || node.suppressedRows() < leastSuppressing.suppressedRows()) {
        leastSuppressing = node;
      }
    }
    return best != null ? best : leastSuppressing;
  }

  /** Every combination of candidate levels, in lattice order. */
  private List<int[]> nodes() {
    int count = quasiIdentifiers.size();
    List<int[]> nodes = new java.util.ArrayList<>();
    int[] position = new int[count];
    while (true) {
      int[] levels = new int[count];
      for (int d = 0; d < count; d++) {
        levels[d] = quasiIdentifiers.get(d).candidates()[position[d]];
      }
      nodes.add(levels);
      int d = count - 1;
      while (d >= 0 && ++position[d] == quasiIdentifiers.get(d).candidates().length) {
        position[d] = 0;
        d--;
      }
      if (d < 0) {
        return nodes;
      }
    }
  }

  private double attributeLoss(int[] levels) {
    double loss = 0;
    for (int d = 0; d < levels.length; d++) {
      loss += loss(d, levels[d]) / levels.length;
    }
    return loss;
  }

  long evaluated() {
    return evaluated;
  }

  /** The share of a quasi-identifier's distinct values lost at a level, 0 to 1. */
  double loss(int quasiIdentifier, int level) {
    int finest = distinct[quasiIdentifier][0];
    if (finest <= 1) {
      return 0;
    }
    return 1 - (distinct[quasiIdentifier][level] - 1) / (double) (finest - 1);
  }

  /** Marks the finest classes that fall in a class too small at {@code levels}. */
  void markSuppressed(int[] levels) {
    if (packable(levels)) {
      RolledClasses rolled = rollUpPacked(levels);
      for (Map.Entry<ClassKey, ClassStats> fine : histogram.classes.entrySet()) {
        fine.getValue().suppressed = !passes(rolled, rolled.find(pack(fine.getKey(), levels)));
      }
      return;
    }
    Map<Object, ClassStats> rolled = rollUp(levels);
    for (Map.Entry<ClassKey, ClassStats> fine : histogram.classes.entrySet()) {
      fine.getValue().suppressed = !passes(rolled.get(coarseKey(fine.getKey(), levels)));
    }
  }

  private static boolean better(Node candidate, Node best) {
    if (candidate.loss() < best.loss() - 1e-12) {
      return true;
    }
    return candidate.loss() <= best.loss() + 1e-12 && sum(candidate.levels()) < sum(best.levels());
  }

  private static int sum(int[] levels) {
    int sum = 0;
    for (int level : levels) {
      sum += level;
    }
    return sum;
  }

  Node evaluate(int[] levels) {
    evaluated++;
    long suppressed = 0;
    long kept = 0;
    long smallest = Long.MAX_VALUE;
    int[] lReached = new int[histogram.sensitives];
    java.util.Arrays.fill(lReached, Integer.MAX_VALUE);
    if (packable(levels)) {
      RolledClasses rolled = rollUpPacked(levels);
      for (int c = 0; c < rolled.size(); c++) {
        if (passes(rolled, c)) {
          kept++;
          smallest = Math.min(smallest, rolled.subjectCount[c]);
          for (int i = 0; i < lReached.length; i++) {
            lReached[i] = Math.min(lReached[i], rolled.values(c, i));
          }
        } else {
          suppressed += rolled.rows[c];
        }
      }
    } else {
      for (ClassStats stats : rollUp(levels).values()) {
        if (passes(stats)) {
          kept++;
          smallest = Math.min(smallest, stats.subjects.size());
          for (int i = 0; i < lReached.length; i++) {
            lReached[i] = Math.min(lReached[i], stats.values[i].size());
          }
        } else {
          suppressed += stats.rows;
        }
      }
    }
    double share = histogram.rows == 0 ? 0 : suppressed / (double) histogram.rows;
    double attributeLoss = attributeLoss(levels);
    double loss = share + (1 - share) * attributeLoss;
    int diversity = Integer.MAX_VALUE;
    for (int reached : lReached) {
      diversity = Math.min(diversity, reached);
    }
    return new Node(
        levels,
        suppressed,
        kept,
        smallest,
        diversity,
        lReached,
        loss,
        kept > 0 && suppressed <= allowedSuppression);
  }

  private boolean passes(ClassStats stats) {
    return stats.subjects.size() >= k && (l == 0 || stats.diversity() >= l);
  }

  private boolean passes(RolledClasses rolled, int index) {
    return rolled.subjectCount[index] >= k && (l == 0 || rolled.diversity(index) >= l);
  }

  /** Whether the classes at {@code levels} can be numbered in a long. */
  private boolean packable(int[] levels) {
    long product = 1;
    for (int d = 0; d < levels.length; d++) {
      int radix = distinct[d][levels[d]];
      if (product > Long.MAX_VALUE / radix) {
        return false;
      }
      product *= radix;
    }
    return true;
  }

  private long pack(ClassKey fine, int[] levels) {
    long packed = 0;
    for (int d = 0; d < levels.length; d++) {
      packed = packed * distinct[d][levels[d]] + coarse[d][levels[d]][fine.code(d)];
    }
    return packed;
  }

  private RolledClasses rollUpPacked(int[] levels) {
    RolledClasses rolled =
        new RolledClasses(
            Math.min(histogram.classes.size(), 1 << 16),
            histogram.subjectCap,
            histogram.valueCap,
            histogram.sensitives);
    for (Map.Entry<ClassKey, ClassStats> fine : histogram.classes.entrySet()) {
      rolled.merge(rolled.classOf(pack(fine.getKey(), levels)), fine.getValue());
    }
    return rolled;
  }

  private Map<Object, ClassStats> rollUp(int[] levels) {
    Map<Object, ClassStats> rolled = new HashMap<>();
    for (Map.Entry<ClassKey, ClassStats> fine : histogram.classes.entrySet()) {
      Object key = coarseKey(fine.getKey(), levels);
      ClassStats stats = rolled.get(key);
      if (stats == null) {
        stats = new ClassStats(histogram.subjectCap, histogram.valueCap, histogram.sensitives);
        rolled.put(key, stats);
      }
      stats.merge(fine.getValue());
    }
    return rolled;
  }

  /** The key at {@code levels}: a long when the codes fit in 63 bits, else a ClassKey. */
  private Object coarseKey(ClassKey fine, int[] levels) {
    long packed = 0;
    boolean fits = true;
    for (int d = 0; d < levels.length && fits; d++) {
      int radix = distinct[d][levels[d]];
      if (packed > (Long.MAX_VALUE - radix) / radix) {
        fits = false;
      } else {
        packed = packed * radix + coarse[d][levels[d]][fine.code(d)];
      }
    }
    if (fits) {
      return packed;
    }
    int[] codes = new int[levels.length];
    for (int d = 0; d < levels.length; d++) {
      codes[d] = coarse[d][levels[d]][fine.code(d)];
    }
    return new ClassKey(codes);
  }
}
