package bzh.estran.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The default {@link DatasetStore}: blobs as rows of at most {@value #CHUNK} bytes in {@code
 * dataset_blob_chunks}, written in one transaction, read one chunk per query.
 */
public final class PostgresDatasetStore implements DatasetStore {

  /** Size of a stored chunk (1 MiB). */
  static final int CHUNK = 1 << 20;

  private final Jdbi jdbi;
  private final Clock clock;

  public PostgresDatasetStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public StoredBlob write(InputStream in) throws IOException {
    MessageDigest digest = sha256();
    UUID id = UUID.randomUUID();
    try (DigestInputStream hashed = new DigestInputStream(in, digest)) {
      return jdbi.inTransaction(
          handle -> {
            handle
                .createUpdate(
                    "insert into dataset_blobs (id, bytes, sha256, created_at)"
                        + " values (:id, 0, '', :now)")
                .bind("id", id)
                .bind("now", clock.instant())
                .execute();
            long bytes = 0;
            int seq = 0;
            byte[] buffer = new byte[CHUNK];
            while (true) {
              int filled = hashed.readNBytes(buffer, 0, CHUNK);
              if (filled == 0) {
                break;
              }
              byte[] chunk = filled == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, filled);
              handle
                  .createUpdate(
                      "insert into dataset_blob_chunks (blob_id, seq, data)"
                          + " values (:id, :seq, :data)")
                  .bind("id", id)
                  .bind("seq", seq++)
                  .bind("data", chunk)
                  .execute();
              bytes += filled;
              if (filled < CHUNK) {
                break;
              }
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            handle
                .createUpdate(
                    "update dataset_blobs set bytes = :bytes, sha256 = :sha where id = :id")
                .bind("id", id)
                .bind("bytes", bytes)
                .bind("sha", sha)
                .execute();
            return new StoredBlob(id, bytes, sha);
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public InputStream read(UUID blob, long offset, long length) {
    return new ChunkStream(blob, offset, length);
  }

  @Override
  public void delete(UUID blob) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate("delete from dataset_blobs where id = :id")
                .bind("id", blob)
                .execute());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the chunks covering a range lazily, one query per chunk. */
  private final class ChunkStream extends InputStream {
    private final UUID blob;
    private long position;
    private final long end;
    private byte[] chunk;
    private long chunkStart = -1;

    ChunkStream(UUID blob, long offset, long length) {
      this.blob = blob;
      this.position = offset;
      this.end = offset + length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int off, int len) throws IOException {
      if (position >= end) {
        return -1;
      }
      if (chunk == null || position >= chunkStart + chunk.length) {
        int seq = (int) (position / CHUNK);
        Optional<byte[]> found =
            jdbi.withHandle(
                handle ->
                    handle
                        .createQuery(
                            "select data from dataset_blob_chunks where blob_id = :id and seq = :seq")
                        .bind("id", blob)
                        .bind("seq", seq)
                        .mapTo(byte[].class)
                        .findOne());
        if (found.isEmpty() || found.get().length == 0) {
          throw new IOException("blob " + blob + " is missing chunk " + seq);
        }
        chunk = found.get();
        chunkStart = (long) seq * CHUNK;
      }
      int inChunk = (int) (position - chunkStart);
      int n = (int) Math.min(Math.min(len, chunk.length - inChunk), end - position);
      if (n <= 0) {
        throw new IOException("blob " + blob + " is shorter than expected");
      }
      System.arraycopy(chunk, inChunk, target, off, n);
      position += n;
      return n;
    }
  }
}
