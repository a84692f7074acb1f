package bzh.estran.dataset.core;

import java.util.List;

/**
 * What a run produced. When {@code publishable} is false, the bytes written to the output must be
 * discarded: {@code refusals} say why (the report says it in detail).
 *
 * @param publishable whether the output may be published
 * @param refusals one sentence per reason the output may not be published (empty when publishable)
 * @param report the figures of the run, serialisable by Jackson as it is
 * @param columns the columns of the output, in order
 * @param rowsOut data rows written (after suppression)
 */
public record Outcome(
    boolean publishable,
    List<String> refusals,
    AnonymisationReport report,
    List<PublishedColumn> columns,
    long rowsOut) {

  /** An outcome holding copies of the lists. */
  public Outcome {
    refusals = List.copyOf(refusals);
    columns = List.copyOf(columns);
  }
}
