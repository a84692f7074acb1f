package bzh.estran.dataset.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** k counted in distinct subjects, l in distinct sensitive values, and the suppression limit. */
class KAnonymityTest {

  private static final String POLICY =
      """
      name: trips
      subject: card
      k: 3
      l: %d
      maxSuppression: %s
      columns:
        - {name: card, treatment: pseudonymise}
        - {name: town, treatment: keep, quasiIdentifier: true, level: value}
        - {name: fare, treatment: keep, sensitive: true}
      """;

  private static String policy(int l, String maxSuppression) {
    return POLICY.formatted(l, maxSuppression);
  }

  @Test
  void manyRowsOfOneSubjectAreOnePerson() {
    StringBuilder csv = new StringBuilder("card,town,fare\n");
    // Lorient: 3 cards (meets k = 3); Quéven: 10 boardings of one single card (does not)
    for (int i = 0; i < 30; i++) {
      csv.append("c").append(i % 3).append(",Lorient,").append(i % 2).append("\n");
    }
    for (int i = 0; i < 10; i++) {
      csv.append("solo,Quéven,").append(i % 2).append("\n");
    }
    Tables.Run run = Tables.run(policy(1, "0.3"), csv.toString());
    assertThat(run.outcome().publishable()).isTrue();
    assertThat(run.outcome().report().rows()).isEqualTo(new AnonymisationReport.Rows(40, 30, 10));
    assertThat(run.outcome().report().smallestClass()).isEqualTo(3);
    assertThat(run.output()).doesNotContain("Quéven");
    assertThat(run.outcome().report().subjects().in()).isEqualTo(4);
    assertThat(run.outcome().report().subjects().out()).isEqualTo(3);
  }

  @Test
  void aClassWithOneSensitiveValueIsSuppressed() {
    StringBuilder csv = new StringBuilder("card,town,fare\n");
    for (int i = 0; i < 30; i++) {
      csv.append("a").append(i % 5).append(",Lorient,").append(i % 2).append("\n");
    }
    for (int i = 0; i < 5; i++) {
      csv.append("b").append(i).append(",Lanester,solidaire\n"); // five people, one fare
    }
    Tables.Run diverse = Tables.run(policy(2, "0.2"), csv.toString());
    assertThat(diverse.outcome().publishable()).isTrue();
    assertThat(diverse.output()).doesNotContain("Lanester", "solidaire");
    assertThat(diverse.outcome().report().diversity())
        .containsExactly(new AnonymisationReport.Diversity("fare", 2));

    Tables.Run withoutL = Tables.run(policy(1, "0.2"), csv.toString());
    assertThat(withoutL.output()).contains("Lanester");
  }

  @Test
  void refusesWhenSuppressionWouldExceedTheLimit() {
    StringBuilder csv = new StringBuilder("card,town,fare\n");
    for (int i = 0; i < 20; i++) {
      csv.append("a").append(i % 4).append(",Lorient,").append(i % 2).append("\n");
    }
    csv.append("b,Lanester,1\nc,Lanester,0\n"); // 2 rows of 22: 9 % to suppress
    Tables.Run run = Tables.run(policy(1, "0.05"), csv.toString());
    assertThat(run.outcome().publishable()).isFalse();
    assertThat(run.outcome().report().refusals())
        .extracting(AnonymisationReport.Refusal::code)
        .containsExactly("no-level-fits");
    assertThat(run.outcome().refusals().get(0)).contains("9.09 %", "5.00 %");
    assertThat(run.outcome().rowsOut()).isZero();

    assertThat(Tables.run(policy(1, "0.1"), csv.toString()).outcome().publishable()).isTrue();
  }

  @Test
  void withoutASubjectColumnEveryRowIsASubject() {
    String csv = "station,no2\n" + "Lorient,12\n".repeat(4) + "Quéven,13\n".repeat(5);
    Tables.Run run =
        Tables.run(
            """
            name: air
            k: 5
            maxSuppression: 0.5
            columns:
              - {name: station, treatment: keep, quasiIdentifier: true, level: value}
              - {name: no2, treatment: keep}
            """,
            csv);
    assertThat(run.outcome().publishable()).isTrue();
    assertThat(run.output().lines().toList())
        .isEqualTo(
            List.of(
                "station,no2", "Quéven,13", "Quéven,13", "Quéven,13", "Quéven,13", "Quéven,13"));
  }
}
