package bzh.estran.dataset.core;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One published, immutable version of a dataset: its bytes (SHA-256, size), rows and columns, the
 * licence and provenance as they were at publication, and its withdrawal, if any.
 */
public record DatasetVersion(
    UUID datasetId,
    String name,
    int version,
    UUID runId,
    UUID blobId,
    String sha256,
    long bytes,
    long rows,
    List<ColumnInfo> columns,
    String licence,
    Provenance provenance,
    Instant publishedAt,
    Instant withdrawnAt) {

  public DatasetVersion {
    columns = List.copyOf(columns);
  }

  /** {@code name@version}. */
  public String ref() {
    return DatasetRef.format(name, version);
  }

  public boolean withdrawn() {
    return withdrawnAt != null;
  }
}
