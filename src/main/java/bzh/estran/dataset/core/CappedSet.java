package bzh.estran.dataset.core;

import java.util.Arrays;

/**
 * A set of 64-bit hashes counted exactly up to a cap, then only known to be "at least the cap". The
 * union of capped sets is exact up to the cap too, which is what rolling a histogram up to coarser
 * levels needs: a class holding at least k subjects, or any union of fine classes one of which
 * does, holds at least k. Two values sharing a hash count once, so a collision can only make a
 * class look smaller than it is (more suppression), never larger.
 */
final class CappedSet {

  private static final long[] EMPTY = new long[0];

  private final int cap;
  private long[] items = EMPTY;
  private int size;

  CappedSet(int cap) {
    this.cap = cap;
  }

  /** The number of distinct hashes, at most the cap. */
  int size() {
    return size;
  }

  long item(int index) {
    return items[index];
  }

  boolean full() {
    return size >= cap;
  }

  void add(long hash) {
    if (size >= cap) {
      return;
    }
    for (int i = 0; i < size; i++) {
      if (items[i] == hash) {
        return;
      }
    }
    if (size == items.length) {
      items = Arrays.copyOf(items, Math.min(cap, Math.max(2, size * 2)));
    }
    items[size++] = hash;
  }

  void addAll(CappedSet other) {
    for (int i = 0; i < other.size && size < cap; i++) {
      add(other.items[i]);
    }
  }
}
