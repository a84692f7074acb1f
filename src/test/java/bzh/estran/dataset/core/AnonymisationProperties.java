package bzh.estran.dataset.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * Random tables under random policies: what is published always meets k (in distinct subjects) and
 * l, or publication is refused; and no raw value of a pseudonymised or dropped column ever appears
 * in the output bytes.
 */
class AnonymisationProperties {

  private static final List<String> CATEGORIES =
      List.of("Keroman", "Merville", "Kervénanec", "Lanester", "Quéven", "Ploemeur");

  /** A random case: its policy text, its CSV, and the names of its quasi-identifiers. */
  record Case(String policy, String csv, List<String> quasiIdentifiers, int k, int l) {}

  @Property(tries = 150)
  void publishedOutputMeetsKAndLOrIsRefused(@ForAll("cases") Case c) {
    Tables.Run run = Tables.run(c.policy(), c.csv());
    Outcome outcome = run.outcome();
    Statistics.collect(outcome.publishable() ? "published" : "refused");
    Statistics.coverage(
        coverage -> {
          coverage.check("published").percentage(p -> p >= 20);
          coverage.check("refused").percentage(p -> p >= 5);
        });
    if (!outcome.publishable()) {
      assertThat(outcome.refusals()).isNotEmpty();
      return;
    }
    List<Map<String, String>> rows = read(run.output());
    assertThat(rows).hasSize((int) outcome.rowsOut());
    Map<List<String>, Set<String>> subjects = new HashMap<>();
    Map<List<String>, Set<String>> values = new HashMap<>();
    for (Map<String, String> row : rows) {
      List<String> key = new ArrayList<>();
      c.quasiIdentifiers().forEach(q -> key.add(row.get(q)));
      subjects.computeIfAbsent(key, x -> new HashSet<>()).add(row.get("subject"));
      values.computeIfAbsent(key, x -> new HashSet<>()).add(row.get("sensitive"));
    }
    subjects.values().forEach(s -> assertThat(s).hasSizeGreaterThanOrEqualTo(c.k()));
    values.values().forEach(v -> assertThat(v).hasSizeGreaterThanOrEqualTo(c.l()));
    AnonymisationReport report = outcome.report();
    assertThat(report.suppressedShare()).isLessThanOrEqualTo(report.required().maxSuppression());
    assertThat(report.classes()).isEqualTo(subjects.size());
  }

  @Property(tries = 150)
  void noRawValueOfAPseudonymisedOrDroppedColumnIsPublished(@ForAll("cases") Case c) {
    Tables.Run run = Tables.run(c.policy(), c.csv());
    assertThat(run.output()).doesNotContain("SUBJ", "DROP");
    assertThat(run.outcome().refusals().toString()).doesNotContain("SUBJ", "DROP");
  }

  private static List<Map<String, String>> read(String csv) {
    CsvMapper mapper = CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();
    List<Map<String, String>> rows = new ArrayList<>();
    try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(csv)) {
      String[] header = it.next();
      while (it.hasNext()) {
        String[] values = it.next();
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
          row.put(header[i], values[i]);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Integer> rows = Arbitraries.integers().between(1, 250);
    Arbitrary<Integer> subjects = Arbitraries.integers().between(1, 60);
    Arbitrary<Integer> k = Arbitraries.integers().between(1, 6);
    Arbitrary<Integer> l = Arbitraries.integers().between(1, 3);
    Arbitrary<String> suppression = Arbitraries.of("0", "0.05", "0.2", "0.6");
    Arbitrary<List<Integer>> quasiIdentifiers =
        Arbitraries.integers().between(0, 3).list().ofMinSize(1).ofMaxSize(3).uniqueElements();
    Arbitrary<Long> seed = Arbitraries.longs();
    return Combinators.combine(rows, subjects, k, l, suppression, quasiIdentifiers, seed)
        .as(AnonymisationProperties::make);
  }

  private static Case make(
      int rows, int subjects, int k, int l, String suppression, List<Integer> kinds, long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    StringBuilder policy =
        new StringBuilder(
            "name: random\nsubject: subject\nk: %d\nl: %d\nmaxSuppression: %s\ncolumns:\n"
                .formatted(k, l, suppression));
    policy.append("  - {name: subject, treatment: pseudonymise}\n");
    policy.append("  - {name: secret, treatment: drop}\n");
    policy.append("  - {name: sensitive, treatment: keep, sensitive: true}\n");
    List<String> names = new ArrayList<>();
    for (int kind : kinds) {
      String level = random.nextInt(4) == 0 ? fixedLevel(kind, random) : "auto";
      names.add("q" + kind);
      policy
          .append("  - {name: q")
          .append(kind)
          .append(", treatment: ")
          .append(column(kind))
          .append(", quasiIdentifier: true, level: \"")
          .append(level)
          .append("\"}\n");
    }
    int sensitiveValues = 1 + random.nextInt(4);
    StringBuilder csv = new StringBuilder("subject,secret,sensitive");
    names.forEach(n -> csv.append(",").append(n));
    csv.append("\n");
    for (int i = 0; i < rows; i++) {
      int subject = random.nextInt(subjects);
      csv.append("SUBJ")
          .append(subject)
          .append("Z,DROP")
          .append(random.nextInt(1000))
          .append("Q,")
          .append("v")
          .append(random.nextInt(sensitiveValues));
      for (int kind : kinds) {
        csv.append(",").append(value(kind, random));
      }
      csv.append("\n");
    }
    return new Case(policy.toString(), csv.toString(), names, k, l);
  }

  private static String column(int kind) {
    return switch (kind) {
      case 0 -> "generalise, bins: [1, 5, 20]";
      case 1 -> "generalise, prefix: [5, 3, 1]";
      case 2 ->
          "generalise, hierarchy: {levels: [side], values: {"
              + "Keroman: [west], Merville: [west], \"Kervénanec\": [west],"
              + " Lanester: [east], \"Quéven\": [east], Ploemeur: [east]}}";
      default -> "generalise, time: [hour, day, week]";
    };
  }

  private static String fixedLevel(int kind, java.util.SplittableRandom random) {
    List<String> levels =
        switch (kind) {
          case 0 -> List.of("1", "5", "20", "*");
          case 1 -> List.of("5", "3", "1", "*");
          case 2 -> List.of("value", "side", "*");
          default -> List.of("hour", "day", "week", "*");
        };
    return levels.get(random.nextInt(levels.size()));
  }

  private static String value(int kind, java.util.SplittableRandom random) {
    return switch (kind) {
      case 0 -> Integer.toString(random.nextInt(100));
      case 1 -> "56" + (100 + random.nextInt(6) * 10 + random.nextInt(3));
      case 2 -> CATEGORIES.get(random.nextInt(CATEGORIES.size()));
      default ->
          "2026-01-0"
              + (5 + random.nextInt(5))
              + "T"
              + (10 + random.nextInt(12))
              + ":"
              + (10 + random.nextInt(50))
              + ":00";
    };
  }
}
