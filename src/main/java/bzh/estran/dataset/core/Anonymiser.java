package bzh.estran.dataset.core;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Anonymises a raw table under a policy, in two streaming passes: the first builds a histogram of
 * equivalence classes at the finest generalisation levels and searches the lattice of levels; the
 * second writes the output, suppressing the rows of classes still too small, and checks what it
 * writes for direct identifiers. Memory depends on the number of distinct classes at the finest
 * levels, never on the number of rows. Each pass runs on one thread per processor besides the
 * caller's (one decodes the CSV, the others treat batches of rows, the caller's counts and writes
 * them in order); the output and the report are the same as on one thread.
 */
public final class Anonymiser {

  /** The most distinct classes at the finest levels a run holds before refusing. */
  public static final int DEFAULT_MAX_CLASSES = 1_000_000;

  private final DatasetPolicy policy;
  private final byte[] pseudonymKey;
  private final int maxClasses;
  private final Parallelism parallelism;

  /**
   * An anonymiser for {@code policy}.
   *
   * @param pseudonymKey the dataset's HMAC-SHA-256 secret, at least 32 bytes
   */
  public Anonymiser(DatasetPolicy policy, byte[] pseudonymKey) {
    this(policy, pseudonymKey, DEFAULT_MAX_CLASSES);
  }

  /** An anonymiser that refuses tables with more than {@code maxClasses} finest classes. */
  public Anonymiser(DatasetPolicy policy, byte[] pseudonymKey, int maxClasses) {
    this(
        policy,
        pseudonymKey,
        maxClasses,
        Parallelism.ofProcessors(Runtime.getRuntime().availableProcessors()));
  }

  /**
   * An anonymiser spreading its passes as {@code parallelism} says (same output whatever it is).
   */
  Anonymiser(DatasetPolicy policy, byte[] pseudonymKey, int maxClasses, Parallelism parallelism) {
    if (pseudonymKey.length < 32) {
      throw new IllegalArgumentException("the pseudonym key must hold at least 32 bytes");
    }
    this.policy = policy;
    this.pseudonymKey = pseudonymKey.clone();
    this.maxClasses = maxClasses;
    this.parallelism = parallelism;
  }

  /**
   * Reads {@code raw} twice and writes the anonymised CSV (UTF-8, with a header) to {@code out}.
   * When the outcome is not publishable, whatever was written must be discarded.
   *
   * @throws RawDataException when the CSV does not match the policy
   */
  public Outcome run(RawTable raw, OutputStream out) throws IOException {
    FirstPass first = FirstPass.read(raw, policy, maxClasses, parallelism);
    Layout layout = first.layout();
    Histogram histogram = first.histogram();
    if (first.tooManyClasses()) {
      return refused(first, null, 0, "too-many-classes", "more than " + maxClasses);
    }
    if (histogram.rows == 0) {
      return refused(first, null, 0, "empty", null);
    }
    LatticeSearch search = new LatticeSearch(histogram, layout.quasiIdentifiers, policy);
    LatticeSearch.Node node = search.search();
    if (!node.fits()) {
      String detail =
          String.format(
              java.util.Locale.ROOT,
              "at best %.2f %% of rows suppressed, the limit is %.2f %%",
              100.0 * node.suppressedRows() / histogram.rows,
              100.0 * policy.maxSuppression());
      return refused(first, node, search.evaluated(), "no-level-fits", detail);
    }
    search.markSuppressed(node.levels());
    SecondPass second = new SecondPass(policy, layout, histogram, pseudonymKey, node.levels());
    second.write(raw, out, parallelism);
    return new Reports(policy, layout, first, search)
        .outcome(node, second.rowsOut(), second.subjectsOut(), second.refusals());
  }

  private Outcome refused(
      FirstPass first, LatticeSearch.Node node, long evaluated, String code, String detail) {
    List<AnonymisationReport.Refusal> refusals = new ArrayList<>();
    refusals.add(new AnonymisationReport.Refusal(code, null, detail));
    return new Reports(policy, first.layout(), first, null)
        .refusedOutcome(node, evaluated, refusals);
  }
}
