package bzh.estran.dataset.core;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One anonymisation run of a dataset: the policy it applies (as sent), its state, and once ended,
 * its report (JSON text, as the engine wrote it), summaries, refusals or failure, and output.
 */
public record DatasetRun(
    UUID id,
    UUID datasetId,
    String dataset,
    RunState state,
    String policy,
    Long rawBytes,
    String reportJson,
    String summaryFr,
    String summaryEn,
    List<String> refusals,
    String failure,
    List<ColumnInfo> columns,
    Long rowsOut,
    UUID blobId,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    Integer publishedVersion) {

  public DatasetRun {
    refusals = refusals == null ? List.of() : List.copyOf(refusals);
    columns = columns == null ? List.of() : List.copyOf(columns);
  }
}
