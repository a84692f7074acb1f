package bzh.estran.dataset;

import bzh.estran.auth.core.Principal;
import bzh.estran.dataset.core.DatasetRun;
import bzh.estran.dataset.core.RunState;
import bzh.estran.dataset.demo.DemoDataset;
import bzh.estran.dataset.demo.DemoDatasets;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode's first start: imports the three generated demo datasets through the same path as a data
 * steward (create, run, publish), so that the walk-through can ask for a sandbox with data. Runs
 * once: when no dataset exists yet.
 */
public final class DemoImport {

  private static final Logger LOG = LoggerFactory.getLogger(DemoImport.class);
  private static final long SEED = 20260105L;

  private final DatasetService datasets;
  private final DatasetRuns runs;

  public DemoImport(DatasetService datasets, DatasetRuns runs) {
    this.datasets = datasets;
    this.runs = runs;
  }

  /** Imports and publishes the demo datasets as {@code admin}, unless datasets exist already. */
  public void importIfEmpty(Principal admin) {
    if (datasets.count() > 0) {
      return;
    }
    List<DemoDataset> demo = new DemoDatasets(SEED).all();
    for (DemoDataset one : demo) {
      try {
        importOne(admin, one);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Demo dataset {} was not imported: {}", one.name(), e.getMessage());
      }
    }
  }

  private void importOne(Principal admin, DemoDataset one) throws IOException {
    String[] period = one.period().split("/");
    datasets.create(
        admin,
        new DatasetService.NewDataset(
            one.name(),
            one.title(),
            one.title() + " (données de démonstration générées, fictives).",
            one.licence(),
            one.producer(),
            one.source(),
            period[0],
            period[1]));
    DatasetRun run = runs.create(admin, one.name(), one.policy());
    try (InputStream csv = new ReaderInputStream(one.raw().open())) {
      runs.upload(admin, one.name(), run.id(), csv);
    }
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    DatasetRun ended = runs.get(admin, one.name(), run.id());
    while (!ended.state().ended() && Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      ended = runs.get(admin, one.name(), run.id());
    }
    if (ended.state() != RunState.SUCCEEDED) {
      LOG.warn(
          "Demo dataset {} not published: run {} {} {}",
          one.name(),
          ended.state(),
          ended.refusals(),
          ended.failure() == null ? "" : ended.failure());
      return;
    }
    runs.publish(admin, one.name(), run.id());
    LOG.info("Demo dataset {} published", one.name());
  }

  /** The UTF-8 bytes of a reader, streamed. */
  private static final class ReaderInputStream extends InputStream {
    private final Reader reader;
    private final char[] chars = new char[8192];
    private byte[] bytes = new byte[0];
    private int next;
    private boolean pendingHigh;

    ReaderInputStream(Reader reader) {
      this.reader = reader;
    }

    @Override
    public int read() throws IOException {
      while (next >= bytes.length) {
        int start = pendingHigh ? 1 : 0;
        int n = reader.read(chars, start, chars.length - start);
        if (n < 0) {
          if (!pendingHigh) {
            return -1;
          }
          n = 0; // a lone high surrogate at the end: encoded as '?'
        }
        int length = start + n;
        pendingHigh = n > 0 && Character.isHighSurrogate(chars[length - 1]);
        int usable = pendingHigh ? length - 1 : length;
        bytes = new String(chars, 0, usable).getBytes(StandardCharsets.UTF_8);
        if (pendingHigh) {
          chars[0] = chars[length - 1]; // completed by the next read
        }
        next = 0;
      }
      return bytes[next++] & 0xff;
    }

    @Override
    public int read(byte[] target, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int first = read();
      if (first < 0) {
        return -1;
      }
      target[off] = (byte) first;
      int copied = Math.min(len - 1, bytes.length - next);
      System.arraycopy(bytes, next, target, off + 1, copied);
      next += copied;
      return copied + 1;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
