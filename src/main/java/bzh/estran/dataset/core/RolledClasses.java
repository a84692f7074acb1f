package bzh.estran.dataset.core;

import java.util.Arrays;

/**
 * Classes at one node of the lattice, keyed by a packed long, held in flat arrays (an open
 * addressing table and, per class, rows, up to {@code subjectCap} subject hashes and up to {@code
 * valueCap} hashes per sensitive column): rolling a large histogram up node after node allocates
 * almost nothing per class.
 */
final class RolledClasses {

  private final int subjectCap;
  private final int valueCap;
  private final int sensitives;
  private long[] keys;
  private boolean[] used;
  private int[] slotClass;
  private int size;
  long[] rows;
  private long[] subjects;
  int[] subjectCount;
  private long[] values;
  int[] valueCount;

  RolledClasses(int expected, int subjectCap, int valueCap, int sensitives) {
    this.subjectCap = subjectCap;
    this.valueCap = valueCap;
    this.sensitives = sensitives;
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    keys = new long[capacity];
    used = new boolean[capacity];
    slotClass = new int[capacity];
    int classes = Math.max(16, expected);
    rows = new long[classes];
    subjects = new long[classes * subjectCap];
    subjectCount = new int[classes];
    values = new long[classes * Math.max(1, sensitives * valueCap)];
    valueCount = new int[classes * Math.max(1, sensitives)];
  }

  int size() {
    return size;
  }

  /** The index of the class of {@code key}, added when new. */
  int classOf(long key) {
    int mask = keys.length - 1;
    int slot = (int) (mix(key) & mask);
    while (used[slot]) {
      if (keys[slot] == key) {
        return slotClass[slot];
      }
      slot = (slot + 1) & mask;
    }
    if (size == rows.length) {
      grow();
    }
    used[slot] = true;
    keys[slot] = key;
    slotClass[slot] = size;
    if (2 * (size + 1) > keys.length) {
      int index = size++;
      rehash();
      return index;
    }
    return size++;
  }

  /** -1 when {@code key} holds no class. */
  int find(long key) {
    int mask = keys.length - 1;
    int slot = (int) (mix(key) & mask);
    while (used[slot]) {
      if (keys[slot] == key) {
        return slotClass[slot];
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  void merge(int index, ClassStats fine) {
    rows[index] += fine.rows;
    addAll(subjects, subjectCount, index, index * subjectCap, subjectCap, fine.subjects);
    for (int s = 0; s < sensitives; s++) {
      int at = index * sensitives + s;
      addAll(values, valueCount, at, at * valueCap, valueCap, fine.values[s]);
    }
  }

  /** The fewest distinct values over the sensitive columns of a class. */
  int diversity(int index) {
    int fewest = Integer.MAX_VALUE;
    for (int s = 0; s < sensitives; s++) {
      fewest = Math.min(fewest, valueCount[index * sensitives + s]);
    }
    return fewest;
  }

  int values(int index, int sensitive) {
    return valueCount[index * sensitives + sensitive];
  }

  private static void addAll(
      long[] store, int[] counts, int counter, int offset, int cap, CappedSet from) {
    int count = counts[counter];
    for (int i = 0; i < from.size() && count < cap; i++) {
      long hash = from.item(i);
      boolean seen = false;
      for (int j = 0; j < count && !seen; j++) {
        seen = store[offset + j] == hash;
      }
      if (!seen) {
        store[offset + count++] = hash;
      }
    }
    counts[counter] = count;
  }

  private void grow() {
    int classes = rows.length * 2;
    rows = Arrays.copyOf(rows, classes);
    subjects = Arrays.copyOf(subjects, classes * subjectCap);
    subjectCount = Arrays.copyOf(subjectCount, classes);
    values = Arrays.copyOf(values, classes * Math.max(1, sensitives * valueCap));
    valueCount = Arrays.copyOf(valueCount, classes * Math.max(1, sensitives));
  }

  private void rehash() {
    long[] oldKeys = keys;
    boolean[] oldUsed = used;
    int[] oldClass = slotClass;
    keys = new long[oldKeys.length * 2];
    used = new boolean[oldKeys.length * 2];
    slotClass = new int[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldUsed[i]) {
        int slot = (int) (mix(oldKeys[i]) & mask);
        while (used[slot]) {
          slot = (slot + 1) & mask;
        }
        used[slot] = true;
        keys[slot] = oldKeys[i];
        slotClass[slot] = oldClass[i];
      }
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
