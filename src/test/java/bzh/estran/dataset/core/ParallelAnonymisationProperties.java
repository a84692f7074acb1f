package bzh.estran.dataset.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * A run spread over worker threads, in batches of any size, gives exactly what the run on one
 * thread gives: the same output bytes and report, or the same failure at the same line. Random
 * tables mix every kind of quasi-identifier (a grid whose first rows have no coordinates, so the
 * scale it learns must come from the same row), bad values, blank lines and malformed records.
 */
class ParallelAnonymisationProperties {

  /** A random case: the policy, the CSV and the largest number of finest classes allowed. */
  record Case(String policy, String csv, int maxClasses) {}

  /** What a run gave: its outcome and output, or its failure. */
  record Result(Outcome outcome, String output, String failure) {}

  @Property(tries = 200)
  void theSameOutputAndReportWhateverTheThreadsAndBatches(
      @ForAll("cases") Case c, @ForAll("workers") int workers, @ForAll("batchRows") int batchRows) {
    DatasetPolicy policy = PolicyParser.parse(c.policy());
    Result alone = run(policy, c, Parallelism.none());
    Result spread = run(policy, c, new Parallelism(workers, batchRows));
    Statistics.collect(
        alone.failure() != null
            ? "failed"
            : alone.outcome().publishable() ? "published" : "refused");
    Statistics.coverage(
        coverage -> {
          coverage.check("published").percentage(p -> p >= 10);
          coverage.check("failed").percentage(p -> p >= 5);
        });
    assertThat(spread).isEqualTo(alone);
    // and on one thread, the batch size changes nothing either
    assertThat(run(policy, c, new Parallelism(0, batchRows))).isEqualTo(alone);
  }

  /** The parser of plain ISO dates the coarsenings use agrees with {@code LocalDate.parse}. */
  @Property(tries = 2000)
  void isoDatesAreReadAsLocalDateReadsThem(
      @ForAll("years") int year,
      @ForAll("twoDigits") int month,
      @ForAll("twoDigits") int day,
      @ForAll("separators") char separator) {
    String text = String.format(Locale.ROOT, "%04d-%02d%c%02d", year, month, separator, day);
    assertThat(parsed(() -> TimeCoarsening.isoDate(text, text.length())))
        .isEqualTo(parsed(() -> java.time.LocalDate.parse(text)));
  }

  private static String parsed(java.util.function.Supplier<java.time.LocalDate> parse) {
    try {
      return parse.get().toString();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  @Provide
  Arbitrary<Integer> years() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 9999), Arbitraries.integers().between(1896, 2030));
  }

  @Provide
  Arbitrary<Integer> twoDigits() {
    return Arbitraries.integers().between(0, 40);
  }

  @Provide
  Arbitrary<Character> separators() {
    return Arbitraries.of('-', '-', '-', '/');
  }

  private static Result run(DatasetPolicy policy, Case c, Parallelism parallelism) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Outcome outcome =
          new Anonymiser(policy, Tables.KEY, c.maxClasses(), parallelism)
              .run(Tables.csv(c.csv()), out);
      return new Result(outcome, out.toString(StandardCharsets.UTF_8), null);
    } catch (Exception e) {
      return new Result(null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  @Provide
  Arbitrary<Integer> workers() {
    return Arbitraries.integers().between(1, 3);
  }

  @Provide
  Arbitrary<Integer> batchRows() {
    return Arbitraries.integers().between(1, 9);
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Integer> rows = Arbitraries.integers().between(0, 300);
    Arbitrary<Integer> subjects = Arbitraries.integers().between(1, 40);
    Arbitrary<Integer> k = Arbitraries.integers().between(1, 4);
    Arbitrary<Integer> l = Arbitraries.integers().between(1, 2);
    Arbitrary<List<Integer>> kinds =
        Arbitraries.integers().between(0, 6).list().ofMinSize(1).ofMaxSize(4).uniqueElements();
    Arbitrary<Long> seed = Arbitraries.longs();
    return Combinators.combine(rows, subjects, k, l, kinds, seed)
        .as(ParallelAnonymisationProperties::make);
  }

  private static Case make(int rows, int subjects, int k, int l, List<Integer> kinds, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder policy =
        new StringBuilder(
            "name: random\nsubject: subject\nk: %d\nl: %d\nmaxSuppression: %s\n"
                    .formatted(k, l, random.nextBoolean() ? "0.3" : "0.05")
                + "referenceDate: 2026-02-01\ncolumns:\n");
    policy.append("  - {name: subject, treatment: pseudonymise}\n");
    policy.append("  - {name: secret, treatment: drop}\n");
    policy.append("  - {name: note, treatment: keep, sensitive: true}\n");
    boolean fixedGrid = random.nextInt(3) == 0;
    if (fixedGrid) {
      policy.append(
          "  - {name: lat2, treatment: generalise, grid: {metres: [200, 1000], longitude: lon2},"
              + " level: 1000m}\n");
      policy.append("  - {name: lon2, treatment: generalise, longitudeOf: lat2}\n");
    }
    List<String> header = new ArrayList<>(List.of("subject", "secret", "note"));
    if (fixedGrid) {
      header.addAll(List.of("lat2", "lon2"));
    }
    for (int kind : kinds) {
      String level = random.nextInt(4) == 0 ? "level: \"" + fixedLevel(kind, random) + "\"" : "";
      policy.append("  - {name: q").append(kind).append(", ").append(column(kind));
      policy.append(", quasiIdentifier: true").append(level.isEmpty() ? "" : ", " + level);
      policy.append("}\n");
      header.add("q" + kind);
      if (kind == 5) {
        policy.append("  - {name: q5lon, treatment: generalise, longitudeOf: q5}\n");
        header.add("q5lon");
      }
    }
    int emptyCoordinates = random.nextInt(12);
    int badRow = random.nextInt(4) == 0 ? random.nextInt(rows + 1) : -1;
    int malformedRow = random.nextInt(8) == 0 ? random.nextInt(rows + 1) : -1;
    StringBuilder csv = new StringBuilder(String.join(",", header)).append("\n");
    for (int i = 0; i < rows; i++) {
      if (random.nextInt(40) == 0) {
        csv.append("\n");
      }
      int subject = random.nextInt(subjects);
      List<String> values = new ArrayList<>();
      values.add("SUBJ" + subject);
      values.add("DROP" + random.nextInt(1000));
      values.add(random.nextInt(10) == 0 ? "\"a, \"\"quoted\"\" note\"" : "v" + random.nextInt(3));
      if (fixedGrid) {
        boolean empty = i < emptyCoordinates;
        values.add(empty ? "" : coordinate(i == emptyCoordinates ? 44.2 : 47.7, random));
        values.add(empty ? "" : coordinate(-3.4, random));
      }
      for (int kind : kinds) {
        values.add(
            kind == 5 && i == emptyCoordinates
                ? coordinate(44.2, random) // the scale comes from this row's latitude
                : value(kind, i < emptyCoordinates, random));
        if (kind == 5) {
          values.add(i < emptyCoordinates ? "" : coordinate(-3.4, random));
        }
      }
      if (i == badRow) {
        values.set(3 + random.nextInt(values.size() - 3), "bad value");
      }
      if (i == malformedRow) {
        values.remove(values.size() - 1);
      }
      csv.append(String.join(",", values)).append("\n");
    }
    int maxClasses = random.nextInt(5) == 0 ? 1 + random.nextInt(20) : 1_000_000;
    return new Case(policy.toString(), csv.toString(), maxClasses);
  }

  private static String column(int kind) {
    return switch (kind) {
      case 0 -> "treatment: generalise, bins: [1, 5, 20]";
      case 1 -> "treatment: generalise, prefix: [5, 3, 1]";
      case 2 ->
          "treatment: generalise, hierarchy: {levels: [side], values: {"
              + "Keroman: [west], Merville: [west], Lanester: [east], \"Quéven\": [east]}}";
      case 3 -> "treatment: generalise, time: [hour, day, week]";
      case 4 -> "treatment: generalise, ageBands: [5, 20]";
      case 5 -> "treatment: generalise, grid: {metres: [100, 500, 2000], longitude: q5lon}";
      default -> "treatment: keep";
    };
  }

  private static String fixedLevel(int kind, SplittableRandom random) {
    List<String> levels =
        switch (kind) {
          case 0 -> List.of("1", "5", "20", "*");
          case 1 -> List.of("5", "3", "1", "*");
          case 2 -> List.of("value", "side", "*");
          case 3 -> List.of("hour", "day", "week", "*");
          case 4 -> List.of("5", "20", "*");
          case 5 -> List.of("100m", "500m", "2000m", "*");
          default -> List.of("value", "*");
        };
    return levels.get(random.nextInt(levels.size()));
  }

  private static String value(int kind, boolean emptyCoordinates, SplittableRandom random) {
    return switch (kind) {
      case 0 -> Integer.toString(random.nextInt(100));
      case 1 -> "56" + (100 + random.nextInt(6) * 10 + random.nextInt(3));
      case 2 -> List.of("Keroman", "Merville", "Lanester", "Quéven").get(random.nextInt(4));
      case 3 ->
          String.format(
              Locale.ROOT,
              "2026-01-%02dT%02d:%02d:00",
              1 + random.nextInt(31),
              random.nextInt(24),
              random.nextInt(60));
      case 4 ->
          String.format(Locale.ROOT, "19%02d-%02d-15", random.nextInt(100), 1 + random.nextInt(12));
      case 5 -> emptyCoordinates ? "" : coordinate(47.7, random);
      default -> "town" + random.nextInt(3);
    };
  }

  private static String coordinate(double around, SplittableRandom random) {
    return String.format(Locale.ROOT, "%.6f", around + (random.nextDouble() - 0.5) * 0.05);
  }
}
