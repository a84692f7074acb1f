package bzh.estran.dataset.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyParserTest {

  private static final String FULL =
      """
      name: shuttle
      subject: card
      referenceDate: 2026-02-01
      columns:
        - {name: card, treatment: pseudonymise}
        - {name: email, treatment: drop}
        - {name: birth, treatment: generalise, quasiIdentifier: true, ageBands: [5, 10]}
        - {name: at, treatment: generalise, quasiIdentifier: true, time: [hour, day], level: day}
        - {name: lat, treatment: generalise, quasiIdentifier: true,
           grid: {metres: [250, 1000], longitude: lon}}
        - {name: lon, treatment: generalise, longitudeOf: lat}
        - {name: fare, treatment: keep, sensitive: true}
      """;

  @Test
  void readsAPolicyWithItsDefaults() {
    DatasetPolicy policy = PolicyParser.parse(FULL);
    assertThat(policy.name()).isEqualTo("shuttle");
    assertThat(policy.k()).isEqualTo(5);
    assertThat(policy.l()).isEqualTo(2);
    assertThat(policy.maxSuppression()).isEqualTo(0.05);
    assertThat(policy.referenceDate()).contains(LocalDate.of(2026, 2, 1));
    assertThat(policy.columnNames())
        .containsExactly("card", "email", "birth", "at", "lat", "lon", "fare");
    ColumnPolicy at = policy.column("at").orElseThrow();
    assertThat(at.treatment()).isEqualTo(Treatment.GENERALISE);
    assertThat(at.autoLevel()).isFalse();
    assertThat(at.generalisation().orElseThrow().levels()).containsExactly("hour", "day");
    assertThat(policy.column("birth").orElseThrow().autoLevel()).isTrue();
    assertThat(policy.column("lat").orElseThrow().generalisation().orElseThrow())
        .isEqualTo(new Generalisation.Grid("lon", List.of(250, 1000)));
  }

  @Test
  void readsJsonToo() {
    DatasetPolicy policy =
        PolicyParser.parse(
            "{\"name\": \"air\", \"k\": 3, \"l\": 1, \"maxSuppression\": 0.1,"
                + " \"columns\": [{\"name\": \"no2\", \"treatment\": \"keep\"}]}");
    assertThat(policy.k()).isEqualTo(3);
    assertThat(policy.l()).isEqualTo(1);
    assertThat(policy.maxSuppression()).isEqualTo(0.1);
    assertThat(policy.subject()).isEmpty();
  }

  @Test
  void reportsEveryProblemAtOnceByPath() {
    assertThatThrownBy(
            () ->
                PolicyParser.parse(
                    """
                    name: Bad Name
                    k: "5"
                    maxSuppression: 2
                    colour: blue
                    columns:
                      - {name: a}
                      - {name: b, treatment: shred}
                      - {name: c, treatment: generalise}
                      - {name: d, treatment: keep, bins: [5]}
                    """))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                assertThat(e.problems())
                    .containsKeys(
                        "name",
                        "k",
                        "maxSuppression",
                        "colour",
                        "columns[0].treatment",
                        "columns[1].treatment",
                        "columns[2].treatment",
                        "columns[3].bins"));
  }

  @Test
  void refusesRulesBrokenBetweenFields() {
    Map<String, String> problems =
        problems(
            """
            name: rules
            subject: card
            columns:
              - {name: card, treatment: keep}
              - {name: age, treatment: generalise, quasiIdentifier: true, bins: [5, 7]}
              - {name: born, treatment: generalise, quasiIdentifier: true, ageBands: [5]}
              - {name: lat, treatment: generalise, quasiIdentifier: true,
                 grid: {metres: [100], longitude: lon}}
              - {name: name, treatment: drop, quasiIdentifier: true}
              - {name: at, treatment: generalise, time: [day, hour]}
              - {name: code, treatment: generalise, prefix: [3, 5], level: 4}
              - {name: age, treatment: keep}
              - {name: size, treatment: generalise, bins: [2.5, 5], level: 5}
            """);
    assertThat(problems)
        .containsKeys(
            "columns[0].treatment",
            "columns[1].bins",
            "referenceDate",
            "columns[3].grid.longitude",
            "columns[4].treatment",
            "columns[5].time",
            "columns[6].prefix",
            "columns[6].level",
            "columns[7].name")
        .doesNotContainKey("columns[8].level");
  }

  @Test
  void refusesWhatIsNoPolicy() {
    assertThat(problems("- just\n- a list")).containsKey("policy");
    assertThat(problems("name: x\ncolumns: [")).containsKey("policy");
    assertThat(problems("name: x\ncolumns: []")).containsKey("columns");
  }

  private static Map<String, String> problems(String policy) {
    try {
      PolicyParser.parse(policy);
    } catch (PolicyException e) {
      return e.problems();
    }
    throw new AssertionError("the policy was accepted");
  }
}
