package bzh.estran.dataset.demo;

import java.util.List;

/**
 * A seeded generator of three raw demo datasets around Lorient, with the direct identifiers a real
 * export would hold, and their policies: shuttle boardings, air quality per station and hour, and
 * equipment usage. The same seed always gives the same bytes.
 */
public final class DemoDatasets {

  private final long seed;

  /** A generator drawing from {@code seed}. */
  public DemoDatasets(long seed) {
    this.seed = seed;
  }

  /** The three datasets, at their default sizes (a few thousand rows each). */
  public List<DemoDataset> all() {
    throw new UnsupportedOperationException("not yet " + seed);
  }
}
