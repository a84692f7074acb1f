package bzh.estran.dataset.core;

import java.io.IOException;
import java.io.Reader;

/**
 * Raw data to anonymise: UTF-8 CSV with a header row. The engine opens it once per pass (twice per
 * run) and reads it as a stream, so a table may be far larger than memory.
 */
@FunctionalInterface
public interface RawTable {

  /** A fresh reader positioned at the header row; the engine closes it. */
  Reader open() throws IOException;
}
