package bzh.estran.dataset.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Each treatment on its own: the value published at each level. */
class TreatmentsTest {

  private static String[] row(String... values) {
    return values;
  }

  private static String at(Coarsening coarsening, String[] row, int level) {
    return coarsening.coarsen(coarsening.finest(row), level);
  }

  @Test
  void timestampsToHourDayWeekMonth() {
    Coarsening time =
        new TimeCoarsening(
            0,
            List.of(
                Generalisation.TimeUnit.HOUR,
                Generalisation.TimeUnit.DAY,
                Generalisation.TimeUnit.WEEK,
                Generalisation.TimeUnit.MONTH));
    String[] row = row("2026-01-04T23:59:30+01:00");
    assertThat(at(time, row, 0)).isEqualTo("2026-01-04T23:00");
    assertThat(at(time, row, 1)).isEqualTo("2026-01-04");
    assertThat(at(time, row, 2)).isEqualTo("2026-W01");
    assertThat(at(time, row, 3)).isEqualTo("2026-01");
    assertThat(at(time, row, 4)).isEqualTo("*");
    assertThat(at(time, row("2026-01-05 08:15:00"), 2)).isEqualTo("2026-W02");
    assertThatThrownBy(() -> time.finest(row("05/01/2026")))
        .hasMessageContaining("not an ISO-8601 timestamp");
  }

  @Test
  void numbersToNestedBins() {
    Coarsening bins = new BinsCoarsening(0, List.of(new BigDecimal("2.5"), new BigDecimal("10")));
    assertThat(at(bins, row("7.49"), 0)).isEqualTo("[5,7.5)");
    assertThat(at(bins, row("7.49"), 1)).isEqualTo("[0,10)");
    assertThat(at(bins, row("-0.1"), 0)).isEqualTo("[-2.5,0)");
    assertThat(at(bins, row("-0.1"), 1)).isEqualTo("[-10,0)");
    assertThat(at(bins, row(""), 1)).isEmpty();
    assertThatThrownBy(() -> bins.finest(row("douze"))).hasMessageContaining("not a number");
  }

  @Test
  void birthDatesToAgeBandsAtTheReferenceDate() {
    Coarsening ages = new AgeCoarsening(0, List.of(5, 20), LocalDate.of(2026, 2, 1));
    assertThat(at(ages, row("1990-02-01"), 0)).isEqualTo("35-39");
    assertThat(at(ages, row("1990-02-02"), 0)).isEqualTo("35-39");
    assertThat(at(ages, row("1991-02-02"), 0)).isEqualTo("30-34");
    assertThat(at(ages, row("1991-02-02"), 1)).isEqualTo("20-39");
    assertThatThrownBy(() -> ages.finest(row("2027-01-01")))
        .hasMessageContaining("after the reference date");
  }

  @Test
  void coordinatesToTheCentreOfNestedGridCells() {
    Coarsening grid = new GridCoarsening(0, 1, List.of(250, 1000));
    String fine = at(grid, row("47.748612", "-3.366901"), 0);
    String coarse = at(grid, row("47.748612", "-3.366901"), 1);
    String[] fineCentre = fine.split(String.valueOf(Coarsening.PAIR));
    String[] coarseCentre = coarse.split(String.valueOf(Coarsening.PAIR));
    assertThat(Double.parseDouble(fineCentre[0])).isCloseTo(47.748612, within(250));
    assertThat(Double.parseDouble(coarseCentre[0])).isCloseTo(47.748612, within(1000));
    assertThat(fineCentre[0]).hasSizeLessThanOrEqualTo("47.7486".length());
    // a point a few metres away falls in the same cell
    assertThat(at(grid, row("47.748650", "-3.366950"), 1)).isEqualTo(coarse);
    assertThat(at(grid, row("47.748612", "-3.366901"), 2)).isEqualTo("*" + Coarsening.PAIR + "*");
  }

  private static org.assertj.core.data.Offset<Double> within(double metres) {
    return org.assertj.core.data.Offset.offset(metres / GridCoarsening.METRES_PER_DEGREE);
  }

  @Test
  void coordinatesToTheNearestNamedPlace() {
    Coarsening places =
        new PlacesCoarsening(
            0,
            1,
            List.of(
                new Generalisation.Place("Gare", 47.7486, -3.3669),
                new Generalisation.Place("Larmor", 47.7066, -3.3839)));
    assertThat(at(places, row("47.71", "-3.38"), 0))
        .isEqualTo("47.7066" + Coarsening.PAIR + "-3.3839");
    assertThat(at(places, row("47.75", "-3.36"), 0))
        .isEqualTo("47.7486" + Coarsening.PAIR + "-3.3669");
  }

  @Test
  void postcodesToPrefixes() {
    Coarsening prefix = new PrefixCoarsening(0, List.of(5, 3, 2));
    assertThat(at(prefix, row("56100"), 0)).isEqualTo("56100");
    assertThat(at(prefix, row("56100"), 1)).isEqualTo("561");
    assertThat(at(prefix, row("56100"), 2)).isEqualTo("56");
    assertThat(at(prefix, row("56100"), 3)).isEqualTo("*");
  }

  @Test
  void categoriesThroughTheHierarchy() {
    Coarsening hierarchy =
        new HierarchyCoarsening(
            0,
            new Generalisation.Hierarchy(
                List.of("commune", "agglomeration"),
                Map.of("Keroman", List.of("Lorient", "Lorient Agglomération"))));
    assertThat(at(hierarchy, row("Keroman"), 0)).isEqualTo("Keroman");
    assertThat(at(hierarchy, row("Keroman"), 1)).isEqualTo("Lorient");
    assertThat(at(hierarchy, row("Keroman"), 2)).isEqualTo("Lorient Agglomération");
    assertThatThrownBy(() -> hierarchy.finest(row("Paris")))
        .hasMessageContaining("not in the policy's hierarchy");
  }

  @Test
  void pseudonymsAreTheKeyedHmacOfTheValue() throws Exception {
    byte[] key = Tables.KEY;
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    String expected =
        HexFormat.of()
            .formatHex(mac.doFinal("LOR-0001".getBytes(StandardCharsets.UTF_8)))
            .substring(0, 32);
    assertThat(new Pseudonyms(key).pseudonym("LOR-0001")).isEqualTo(expected);
    byte[] other = key.clone();
    other[0]++;
    assertThat(new Pseudonyms(other).pseudonym("LOR-0001")).isNotEqualTo(expected);
  }

  @Test
  void keepDropPseudonymiseAndGeneraliseInAWholeRun() {
    StringBuilder csv = new StringBuilder("card,email,town,fare\n");
    for (int i = 0; i < 50; i++) {
      csv.append("card")
          .append(i)
          .append(",p")
          .append(i)
          .append("@exemple.bzh,")
          .append(i % 2 == 0 ? "56100" : "56270")
          .append(",")
          .append(i % 3)
          .append("\n");
    }
    Tables.Run run =
        Tables.run(
            """
            name: whole
            subject: card
            columns:
              - {name: card, treatment: pseudonymise}
              - {name: email, treatment: drop}
              - {name: town, treatment: generalise, quasiIdentifier: true, prefix: [5, 2]}
              - {name: fare, treatment: keep}
            """,
            csv.toString());
    assertThat(run.outcome().publishable()).isTrue();
    List<String> lines = run.output().lines().toList();
    assertThat(lines.get(0)).isEqualTo("card,town,fare");
    assertThat(lines).hasSize(51);
    assertThat(run.output()).doesNotContain("@", "card1");
    assertThat(lines.get(1)).matches("[0-9a-f]{32},56100,0");
    assertThat(run.outcome().columns())
        .containsExactly(
            new PublishedColumn("card", "string", "pseudonymise"),
            new PublishedColumn("town", "category", "generalise:5"),
            new PublishedColumn("fare", "string", "keep"));
  }
}
