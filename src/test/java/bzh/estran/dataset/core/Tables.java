package bzh.estran.dataset.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Small helpers for engine tests: tables held in strings, runs collected in memory. */
final class Tables {

  static final byte[] KEY = "a test key of thirty-two bytes!!".getBytes(StandardCharsets.UTF_8);

  private Tables() {}

  static RawTable csv(String text) {
    return () -> new StringReader(text);
  }

  /** A run's outcome and the bytes it wrote. */
  record Run(Outcome outcome, String output) {}

  static Run run(String policy, String csv) {
    return run(PolicyParser.parse(policy), csv);
  }

  static Run run(DatasetPolicy policy, String csv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Outcome outcome = new Anonymiser(policy, KEY).run(csv(csv), out);
      return new Run(outcome, out.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
