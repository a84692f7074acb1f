package bzh.estran.kube.core;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Turns decimal sizes into Kubernetes quantities in their usual notation. */
final class Quantities {

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final BigDecimal KIBI = BigDecimal.valueOf(1024);

  private Quantities() {}

  /** CPU cores: whole cores as {@code 2}, fractions as millicores ({@code 0.5 -> 500m}). */
  static Quantity cores(BigDecimal cores) {
    if (isWhole(cores)) {
      return new Quantity(cores.toBigIntegerExact().toString());
    }
    return new Quantity(cores.multiply(THOUSAND).setScale(0, RoundingMode.CEILING) + "m");
  }

  /** Memory or storage: whole GiB as {@code 4Gi}, fractions as MiB ({@code 0.5 -> 512Mi}). */
  static Quantity gibibytes(BigDecimal gibibytes) {
    if (isWhole(gibibytes)) {
      return new Quantity(gibibytes.toBigIntegerExact() + "Gi");
    }
    BigDecimal mebibytes = gibibytes.multiply(KIBI).setScale(0, RoundingMode.CEILING);
    return new Quantity(mebibytes.toPlainString() + "Mi");
  }

  /** Whether two quantities denote the same amount, whatever their notation. */
  static boolean sameAmount(Quantity left, Quantity right) {
    if (left == null || right == null) {
      return left == right;
    }
    try {
      return left.getNumericalAmount().compareTo(right.getNumericalAmount()) == 0;
    } catch (ArithmeticException | IllegalArgumentException unreadable) {
      return false;
    }
  }

  private static boolean isWhole(BigDecimal value) {
    return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
  }
}
