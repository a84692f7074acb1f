package bzh.estran.dataset.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first pass's result: every equivalence class at the finest levels with its rows, subjects and
 * sensitive values, and each quasi-identifier's dictionary of finest keys. Its size depends on the
 * number of distinct classes, never on the number of rows.
 */
final class Histogram {

  final List<Map<String, Integer>> codes = new ArrayList<>();
  final List<List<String>> keys = new ArrayList<>();
  final Map<ClassKey, ClassStats> classes = new HashMap<>();
  final int subjectCap;
  final int valueCap;
  final int sensitives;
  long rows;

  Histogram(int quasiIdentifiers, int sensitives, int subjectCap, int valueCap) {
    for (int i = 0; i < quasiIdentifiers; i++) {
      codes.add(new HashMap<>());
      keys.add(new ArrayList<>());
    }
    this.sensitives = sensitives;
    this.subjectCap = subjectCap;
    this.valueCap = valueCap;
  }

  int quasiIdentifiers() {
    return codes.size();
  }

  /** The code of a finest key, given one when first seen. */
  int code(int quasiIdentifier, String key) {
    Map<String, Integer> dictionary = codes.get(quasiIdentifier);
    Integer code = dictionary.get(key);
    if (code == null) {
      code = dictionary.size();
      dictionary.put(key, code);
      keys.get(quasiIdentifier).add(key);
    }
    return code;
  }

  /** The code of a finest key already seen, or -1. */
  int knownCode(int quasiIdentifier, String key) {
    return codes.get(quasiIdentifier).getOrDefault(key, -1);
  }

  void add(ClassKey key, long subject, long[] values) {
    ClassStats stats = classes.get(key);
    if (stats == null) {
      stats = new ClassStats(subjectCap, valueCap, sensitives);
      classes.put(key, stats);
    }
    stats.rows++;
    stats.subjects.add(subject);
    for (int i = 0; i < values.length; i++) {
      stats.values[i].add(values[i]);
    }
    rows++;
  }
}
