package bzh.estran.dataset.core;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Anonymises a raw table under a policy, in two streaming passes: the first builds a histogram of
 * equivalence classes at the finest generalisation levels and searches the lattice of levels; the
 * second writes the output, suppressing the rows of classes still too small.
 */
public final class Anonymiser {

  private final DatasetPolicy policy;
  private final byte[] pseudonymKey;

  /**
   * An anonymiser for {@code policy}.
   *
   * @param pseudonymKey the dataset's HMAC-SHA-256 secret, at least 32 bytes
   */
  public Anonymiser(DatasetPolicy policy, byte[] pseudonymKey) {
    if (pseudonymKey.length < 32) {
      throw new IllegalArgumentException("the pseudonym key must hold at least 32 bytes");
    }
    this.policy = policy;
    this.pseudonymKey = pseudonymKey.clone();
  }

  /**
   * Reads {@code raw} twice and writes the anonymised CSV (UTF-8, with a header) to {@code out}.
   * When the outcome is not publishable, whatever was written must be discarded.
   *
   * @throws RawDataException when the CSV does not match the policy
   */
  public Outcome run(RawTable raw, OutputStream out) throws IOException {
    throw new UnsupportedOperationException("not yet");
  }
}
