package bzh.estran.dataset.core;

/**
 * Distinct subjects of a whole table, for the report: exact up to {@value #EXACT} subjects, then a
 * HyperLogLog estimate (2<sup>14</sup> registers: 16 KiB, a standard error of 0.8 %). The
 * k-anonymity check never uses it: classes count their subjects exactly ({@link CappedSet}).
 */
final class SubjectCounter {

  static final int EXACT = 100_000;
  private static final int BITS = 14;
  private static final int REGISTERS = 1 << BITS;

  private long[] exact = new long[1 << 18]; // open addressing, 0 marks a free slot
  private int exactSize;
  private boolean sawZero;
  private final byte[] registers = new byte[REGISTERS];

  void add(long hash) {
    long mixed = mix(hash);
    int register = (int) (mixed >>> (64 - BITS));
    int rank = Long.numberOfLeadingZeros((mixed << BITS) | (1L << (BITS - 1))) + 1;
    if (rank > registers[register]) {
      registers[register] = (byte) rank;
    }
    if (exact != null) {
      addExact(hash);
    }
  }

  private void addExact(long hash) {
    if (hash == 0) {
      exactSize += sawZero ? 0 : 1;
      sawZero = true;
    } else {
      int mask = exact.length - 1;
      int slot = (int) mix(hash) & mask;
      while (exact[slot] != 0 && exact[slot] != hash) {
        slot = (slot + 1) & mask;
      }
      if (exact[slot] == 0) {
        exact[slot] = hash;
        exactSize++;
      }
    }
    if (exactSize > EXACT) {
      exact = null;
    }
  }

  boolean exact() {
    return exact != null;
  }

  long count() {
    if (exact != null) {
      return exactSize;
    }
    double sum = 0;
    int zeros = 0;
    for (byte register : registers) {
      sum += 1.0 / (1L << register);
      if (register == 0) {
        zeros++;
      }
    }
    double alpha = 0.7213 / (1 + 1.079 / REGISTERS);
    double estimate = alpha * REGISTERS * (double) REGISTERS / sum;
    if (estimate <= 2.5 * REGISTERS && zeros > 0) {
      estimate = REGISTERS * Math.log(REGISTERS / (double) zeros);
    }
    return Math.round(estimate);
  }

  /** The finaliser of SplitMix64: spreads the bits of an already-random hash once more. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
