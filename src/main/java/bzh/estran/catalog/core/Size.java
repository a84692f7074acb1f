package bzh.estran.catalog.core;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a sandbox may use at most: CPU cores (may be fractional), memory and storage in GiB.
 *
 * <p>Decimal figures keep quota sums exact; values are normalised (no trailing zeros) so that equal
 * sizes compare equal.
 */
public record Size(BigDecimal cpu, BigDecimal memoryGiB, BigDecimal storageGiB) {

  public Size {
    cpu = positive(cpu, "cpu");
    memoryGiB = positive(memoryGiB, "memoryGiB");
    storageGiB = positive(storageGiB, "storageGiB");
  }

  public static Size of(String cpu, String memoryGiB, String storageGiB) {
    return new Size(new BigDecimal(cpu), new BigDecimal(memoryGiB), new BigDecimal(storageGiB));
  }

  private static BigDecimal positive(BigDecimal value, String field) {
    Objects.requireNonNull(value, field);
    if (value.signum() <= 0) {
      throw new IllegalArgumentException(field + " must be greater than zero, got " + value);
    }
    return value.stripTrailingZeros();
  }
}
