package bzh.estran.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * Where published bytes live. Both ways are streamed: writing reads the input a chunk at a time,
 * reading hands out the bytes a chunk at a time, so no file is ever held in memory. Every replica
 * must be able to serve every blob (PostgreSQL by default: {@link PostgresDatasetStore}).
 */
public interface DatasetStore {

  /** What was stored: its id, size and SHA-256 (lower-case hex). */
  record StoredBlob(UUID id, long bytes, String sha256) {}

  /** Stores everything {@code in} holds, all or nothing. */
  StoredBlob write(InputStream in) throws IOException;

  /** The bytes {@code [offset, offset + length)} of a blob; the caller closes the stream. */
  InputStream read(UUID blob, long offset, long length);

  /** Removes a blob that nothing refers to any more. */
  void delete(UUID blob);
}
