package bzh.estran.dataset.core;

import java.util.Arrays;

/** An equivalence class at given levels: one code per quasi-identifier. */
final class ClassKey {

  private final int[] codes;
  private final int hash;

  ClassKey(int[] codes) {
    this.codes = codes;
    this.hash = hash(codes);
  }

  /**
   * The codes mixed into 32 bits. {@code Arrays.hashCode} would not do: codes are small numbers, so
   * its sums of powers of 31 collide for many classes, and a lookup in a large histogram then walks
   * long chains.
   */
  private static int hash(int[] codes) {
    long h = 0;
    for (int code : codes) {
      h = (h + code) * 0x9e3779b97f4a7c15L;
    }
    h = (h ^ (h >>> 31)) * 0xbf58476d1ce4e5b9L;
    return (int) (h ^ (h >>> 32));
  }

  int code(int quasiIdentifier) {
    return codes[quasiIdentifier];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ClassKey key && hash == key.hash && Arrays.equals(codes, key.codes);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
