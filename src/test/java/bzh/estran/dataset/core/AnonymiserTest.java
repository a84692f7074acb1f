package bzh.estran.dataset.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class AnonymiserTest {

  @Test
  void theReportSerialisesAsJsonAndReadsInFrenchAndEnglish() {
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
    assertThat(run.outcome().publishable()).isTrue();
    String json = new tools.jackson.databind.json.JsonMapper().writeValueAsString(run.outcome());
    assertThat(json)
        .contains(
            "\"rows\":{\"in\":200,\"out\":196,\"suppressed\":4}",
            "\"quasiIdentifiers\":[{\"column\":\"age\",\"level\":\"5\",\"auto\":true",
            "\"diversity\":[{\"column\":\"fare\",\"lReached\":3}]",
            "\"treatment\":\"generalise:bins\"",
            "\"publishable\":true");
    assertThat(run.outcome().report().summary(Locale.FRENCH))
        .contains("200 lignes lues, 196 publiées, 4 supprimées (2 %)", "peut être publiée");
    assertThat(run.outcome().report().summary(Locale.ENGLISH))
        .contains("200 rows read, 196 published, 4 suppressed (2 %)", "may be published");
    assertThat(run.output()).doesNotContain("Name");
  }
}
