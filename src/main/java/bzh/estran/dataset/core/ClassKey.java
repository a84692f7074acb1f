package bzh.estran.dataset.core;

import java.util.Arrays;

/** An equivalence class at given levels: one code per quasi-identifier. */
final class ClassKey {

  private final int[] codes;
  private final int hash;

  ClassKey(int[] codes) {
    this.codes = codes;
    this.hash = Arrays.hashCode(codes);
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
