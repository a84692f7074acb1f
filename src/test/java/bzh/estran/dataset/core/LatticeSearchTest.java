package bzh.estran.dataset.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The search of generalisation levels: the least loss that meets k, l and the limit. */
class LatticeSearchTest {

  private static final String POLICY =
      """
      name: lattice
      subject: id
      k: 5
      l: 1
      maxSuppression: 0
      columns:
        - {name: id, treatment: pseudonymise}
        - {name: age, treatment: generalise, quasiIdentifier: true, bins: [1, 5, 10]}
        - {name: code, treatment: generalise, quasiIdentifier: true, prefix: [5, 3, 2]%s}
      """;

  /** 100 people: age 20 to 39 (5 per age), code 56100 or 56270 (alternately). */
  private static String people() {
    StringBuilder csv = new StringBuilder("id,age,code\n");
    for (int i = 0; i < 100; i++) {
      csv.append("p")
          .append(i)
          .append(",")
          .append(20 + i % 20)
          .append(",")
          .append(i % 2 == 0 ? "56100" : "56270")
          .append("\n");
    }
    return csv.toString();
  }

  private static List<String> levels(Tables.Run run) {
    return run.outcome().report().quasiIdentifiers().stream()
        .map(AnonymisationReport.QuasiIdentifierLevel::level)
        .toList();
  }

  @Test
  void findsTheLeastLossThatMeetsK() {
    Tables.Run run = Tables.run(POLICY.formatted(""), people());
    assertThat(run.outcome().publishable()).isTrue();
    // age to the year gives classes of 2 or 3; bins of 5 with full codes give classes of 10/15
    // no: with codes, each (age, code) holds 5 people of one parity: age 1 + code 5 fits exactly
    assertThat(levels(run)).containsExactly("1", "5");
    assertThat(run.outcome().report().informationLoss()).isZero();
  }

  @Test
  void coarsensWhenTheFinestLevelsDoNotFit() {
    Tables.Run run = Tables.run(POLICY.formatted("").replace("k: 5", "k: 10"), people());
    assertThat(run.outcome().publishable()).isTrue();
    // ages of 5 years with full codes: 5 ages × 5 people / 2 codes... each class 12 or 13 people
    assertThat(levels(run)).containsExactly("5", "5");
    assertThat(run.outcome().report().smallestClass()).isGreaterThanOrEqualTo(10);
    assertThat(run.outcome().report().latticeNodes()).isGreaterThan(1);
  }

  @Test
  void aFixedLevelIsKeptAndTheOthersAdapt() {
    Tables.Run run =
        Tables.run(POLICY.formatted(", level: \"2\"").replace("k: 5", "k: 10"), people());
    // all codes share the prefix "56": ages to the year (5 people each) miss k = 10
    assertThat(levels(run)).containsExactly("5", "2");
    assertThat(run.outcome().report().quasiIdentifiers().get(1).auto()).isFalse();
  }

  @Test
  void withholdsAQuasiIdentifierWhenNothingElseFits() {
    StringBuilder csv = new StringBuilder("id,age,code\n");
    for (int i = 0; i < 40; i++) {
      csv.append("p").append(i).append(",30,").append(10000 + i * 1111).append("\n");
    }
    Tables.Run run = Tables.run(POLICY.formatted(""), csv.toString());
    assertThat(run.outcome().publishable()).isTrue();
    assertThat(levels(run)).containsExactly("1", "*");
    assertThat(run.output().lines().skip(1)).allMatch(l -> l.endsWith(",\"[30,31)\",*"));
  }

  @Test
  void refusesWhenNoNodeFitsAndSaysSo() {
    Tables.Run run =
        Tables.run(
            POLICY
                .formatted(", level: \"5\"")
                .replace(
                    "{name: age, treatment: generalise, quasiIdentifier: true, bins: [1, 5, 10]}",
                    "{name: age, treatment: generalise, quasiIdentifier: true, bins: [1], level: \"1\"}")
                .replace("k: 5", "k: 50"),
            people());
    assertThat(run.outcome().publishable()).isFalse();
    assertThat(run.outcome().report().refusals().get(0).code()).isEqualTo("no-level-fits");
    assertThat(run.outcome().report().latticeNodes()).isEqualTo(1);
  }
}
