package bzh.estran.dataset.core;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * How a raw dataset becomes publishable: a treatment for every column, the data subject, and the
 * guarantees the output must meet. Built by {@link PolicyParser}, which checks it.
 *
 * @param name the dataset's name (lower case, digits and dashes)
 * @param subject the column naming the person each row is about (several rows may share one); empty
 *     when rows are about no one (then every row counts as its own subject)
 * @param k the fewest distinct subjects an equivalence class may hold (default 5)
 * @param l the fewest distinct values of each sensitive column in a class (default 2)
 * @param maxSuppression the largest share of rows that may be suppressed, 0 to 1 (default 0.05)
 * @param referenceDate the day ages are computed at (a policy with age bands must give it, for
 *     instance the end of the period the data covers); never the wall clock
 * @param columns one entry per column of the raw CSV, in any order
 */
public record DatasetPolicy(
    String name,
    Optional<String> subject,
    int k,
    int l,
    double maxSuppression,
    Optional<LocalDate> referenceDate,
    List<ColumnPolicy> columns) {

  /** The default {@code k}. */
  public static final int DEFAULT_K = 5;

  /** The default {@code l}. */
  public static final int DEFAULT_L = 2;

  /** The default largest suppressed share. */
  public static final double DEFAULT_MAX_SUPPRESSION = 0.05;

  /** A policy holding a copy of its columns. */
  public DatasetPolicy {
    columns = List.copyOf(columns);
  }

  /** The names of the columns the policy treats, in the policy's order. */
  public List<String> columnNames() {
    return columns.stream().map(ColumnPolicy::name).toList();
  }

  /** The entry for {@code column}, if the policy names it. */
  public Optional<ColumnPolicy> column(String column) {
    return columns.stream().filter(c -> c.name().equals(column)).findFirst();
  }
}
