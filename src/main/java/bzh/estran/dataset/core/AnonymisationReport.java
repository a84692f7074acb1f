package bzh.estran.dataset.core;

import java.util.List;
import java.util.Locale;

/**
 * The figures of one anonymisation run, a tree of records that Jackson serialises as it is.
 *
 * @param dataset the policy's dataset name
 * @param required the guarantees asked for (k, l, suppression limit)
 * @param rows rows read, written and suppressed
 * @param subjects distinct data subjects read and written
 * @param classes equivalence classes in the output
 * @param smallestClass the fewest distinct subjects in a published class ({@code null} when no
 *     class was published); counted exactly up to {@code 2k}, above which it reads {@code 2k}
 * @param suppressedShare suppressed rows over rows read
 * @param informationLoss 0 (nothing coarsened, nothing suppressed) to 1 (everything withheld)
 * @param quasiIdentifiers the level chosen for each quasi-identifier
 * @param diversity the {@code l} reached for each sensitive column
 * @param treatments the treatment of every column of the raw table
 * @param latticeNodes generalisation combinations evaluated by the search
 * @param refusals why the output may not be published (empty when it may)
 */
public record AnonymisationReport(
    String dataset,
    Requirements required,
    Rows rows,
    Subjects subjects,
    long classes,
    Long smallestClass,
    double suppressedShare,
    double informationLoss,
    List<QuasiIdentifierLevel> quasiIdentifiers,
    List<Diversity> diversity,
    List<ColumnTreatment> treatments,
    long latticeNodes,
    List<Refusal> refusals) {

  /** A report holding copies of its lists. */
  public AnonymisationReport {
    quasiIdentifiers = List.copyOf(quasiIdentifiers);
    diversity = List.copyOf(diversity);
    treatments = List.copyOf(treatments);
    refusals = List.copyOf(refusals);
  }

  /** Whether the output meets every guarantee and may be published. */
  public boolean publishable() {
    return refusals.isEmpty();
  }

  /** A few sentences for a page, in French ({@code fr}) or English (any other locale). */
  public String summary(Locale locale) {
    return ReportSummary.of(this, locale);
  }

  /** The guarantees asked for by the policy. */
  public record Requirements(int k, int l, double maxSuppression) {}

  /** Rows read, written and suppressed. */
  public record Rows(long in, long out, long suppressed) {}

  /**
   * Distinct data subjects read and written. Counted exactly up to 100,000 subjects; larger counts
   * are HyperLogLog estimates (within about 1 %), and {@code exact} is false.
   *
   * @param column the data subject column, or {@code null} when rows are about no one (then each
   *     row counts as a subject)
   */
  public record Subjects(String column, long in, long out, boolean exact) {}

  /**
   * The level of one quasi-identifier.
   *
   * @param column the column (for a coordinate pair, its latitude column)
   * @param level the label of the level chosen ({@code *}: withheld)
   * @param auto whether Estran chose it
   * @param loss the share of the column's information lost at that level, 0 to 1
   */
  public record QuasiIdentifierLevel(String column, String level, boolean auto, double loss) {}

  /**
   * The diversity of one sensitive column.
   *
   * @param column the column
   * @param lReached the fewest distinct values in a published class (counted up to {@code 2l})
   */
  public record Diversity(String column, Integer lReached) {}

  /** The treatment of one raw column, with its detail ({@code generalise:day}, {@code drop}). */
  public record ColumnTreatment(
      String column, String treatment, boolean quasiIdentifier, boolean sensitive) {}

  /**
   * One reason not to publish.
   *
   * @param code a stable code: {@code no-level-fits}, {@code direct-identifier}, {@code
   *     unique-per-subject}, {@code fine-coordinates}, {@code too-many-classes}, {@code empty}
   * @param column the column at fault, or {@code null}
   * @param detail what was found (the kind of identifier, the best suppression share...)
   */
  public record Refusal(String code, String column, String detail) {

    /** The reason in a sentence, in French ({@code fr}) or English. */
    public String message(Locale locale) {
      return ReportSummary.refusal(this, locale);
    }
  }
}
