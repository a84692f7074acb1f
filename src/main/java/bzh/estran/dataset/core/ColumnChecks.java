package bzh.estran.dataset.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks the published values of the kept and generalised columns for what must not be published:
 * direct identifiers, coordinates finer than the grid, and values unique per data subject. The last
 * is judged on a sample of distinct values chosen by hash (every value while fewer than {@value
 * #SAMPLE}; then, each time the sample fills, only those whose hash starts with one more zero bit),
 * each with at most two subjects, so memory stays bounded.
 */
final class ColumnChecks {

  static final int SAMPLE = 4096;

  /** What {@link #inspect} says of a value not to count (empty or withheld). */
  static final int SKIPPED = -1;

  private static final int FINE = 1 << 3;
  private static final List<String> KINDS = DirectIdentifiers.KINDS;
  private static final int MIN_SAMPLE = 10;
  private static final Pattern COORDINATE_NAME =
      Pattern.compile("(?i).*(lat|lon|lng|coord|gps|geo).*");
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,3}\\.([0-9]+)");
  private static final Pattern PAIR =
      Pattern.compile(".*-?[0-9]{1,3}\\.[0-9]{4,}\\s*[,; ]\\s*-?[0-9]{1,3}\\.[0-9]{4,}.*");

  private final String name;
  private final boolean bySubject;
  private final boolean coordinateName;
  private final double finestGrid;
  private final Map<String, Long> identifiers = new LinkedHashMap<>();
  private final Map<String, CappedSet> sample = new HashMap<>();
  private int sampleBits;
  private long fineCoordinates;
  private long values;
  private String fineExample;

  /**
   * @param bySubject whether values unique per subject are looked for (there is a subject column
   *     and the column is no quasi-identifier)
   * @param finestGrid the finest grid of the policy, in metres (100 without a grid)
   */
  ColumnChecks(String name, boolean bySubject, boolean kept, double finestGrid) {
    this.name = name;
    this.bySubject = bySubject;
    this.coordinateName = kept && COORDINATE_NAME.matcher(name).matches();
    this.finestGrid = finestGrid;
  }

  /**
   * What the value looks like (the part of the check that depends on the value alone, safe on any
   * thread): {@link #SKIPPED}, or the kind of direct identifier and whether it is a fine
   * coordinate, for {@link #count}.
   */
  int inspect(String value) {
    if (value.isEmpty() || Generalisation.WITHHELD.equals(value)) {
      return SKIPPED;
    }
    String kind = DirectIdentifiers.kind(value);
    return (kind == null ? 0 : KINDS.indexOf(kind) + 1) | (finerThanGrid(value) ? FINE : 0);
  }

  /** Counts a published value of {@code subject}, {@code inspected} by {@link #inspect}. */
  void count(String value, int inspected, long subject) {
    if (inspected == SKIPPED) {
      return;
    }
    values++;
    int kind = inspected & (FINE - 1);
    if (kind != 0) {
      identifiers.merge(KINDS.get(kind - 1), 1L, Long::sum);
    }
    if ((inspected & FINE) != 0) {
      fineCoordinates++;
      fineExample = value;
    }
    if (bySubject) {
      if (sampled(Pseudonyms.valueHash(value))) {
        CappedSet subjects = sample.get(value);
        if (subjects == null) {
          subjects = new CappedSet(2);
          sample.put(value, subjects);
          while (sample.size() > SAMPLE) {
            sampleBits++;
            sample.keySet().removeIf(v -> !sampled(Pseudonyms.valueHash(v)));
          }
        }
        subjects.add(subject);
      }
    }
  }

  private boolean sampled(long hash) {
    return sampleBits == 0 || (hash >>> (64 - sampleBits)) == 0;
  }

  private boolean finerThanGrid(String value) {
    if (coordinateName) {
      var matcher = DECIMAL.matcher(value.trim());
      if (matcher.matches()) {
        double precision =
            GridCoarsening.METRES_PER_DEGREE / Math.pow(10, matcher.group(1).length());
        return precision < finestGrid;
      }
    }
    return value.length() >= 15 && value.indexOf('.') > 0 && PAIR.matcher(value).matches();
  }

  /** The refusals this column earns (none when it may be published). */
  List<AnonymisationReport.Refusal> refusals() {
    List<AnonymisationReport.Refusal> refusals = new ArrayList<>();
    identifiers.forEach(
        (kind, count) ->
            refusals.add(
                new AnonymisationReport.Refusal(
                    "direct-identifier", name, count + " value(s) look like: " + kind)));
    if (fineCoordinates > 0 && fineCoordinates * 2 >= values) {
      refusals.add(
          new AnonymisationReport.Refusal(
              "fine-coordinates",
              name,
              String.format(
                  Locale.ROOT,
                  "%d value(s) such as %s, finer than %.0f m",
                  fineCoordinates,
                  fineExample,
                  finestGrid)));
    }
    long unique = sample.values().stream().filter(s -> s.size() == 1).count();
    if (sample.size() >= MIN_SAMPLE && unique >= 0.95 * sample.size()) {
      refusals.add(
          new AnonymisationReport.Refusal(
              "unique-per-subject",
              name,
              unique + " of " + sample.size() + " sampled values belong to one subject each"));
    }
    return refusals;
  }
}
