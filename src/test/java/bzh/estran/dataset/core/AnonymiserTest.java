package bzh.estran.dataset.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class AnonymiserTest {

  @Test
  void smoke() {
    StringBuilder csv = new StringBuilder("card,name,age,town,fare\n");
    for (int i = 0; i < 200; i++) {
      csv.append("c")
          .append(i % 40)
          .append(",Name")
          .append(i % 40)
          .append(",")
          .append(20 + i % 37)
          .append(",")
          .append(i % 3 == 0 ? "56100" : "56270")
          .append(",")
          .append(i % 4)
          .append("\n");
    }
    String policy =
        """
        name: smoke
        subject: card
        columns:
          - {name: card, treatment: pseudonymise}
          - {name: name, treatment: drop}
          - {name: age, treatment: generalise, quasiIdentifier: true, bins: [5, 10, 20]}
          - {name: town, treatment: generalise, quasiIdentifier: true, prefix: [5, 3, 2]}
          - {name: fare, treatment: keep, sensitive: true}
        """;
    Tables.Run run = Tables.run(policy, csv.toString());
    System.out.println(run.outcome());
    System.out.println(run.outcome().report().summary(Locale.FRENCH));
    System.out.println(run.output().lines().limit(5).toList());
    assertThat(run.outcome().publishable()).isTrue();
  }
}
