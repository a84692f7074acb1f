package bzh.estran.dataset.demo;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.dataset.core.Anonymiser;
import bzh.estran.dataset.core.Outcome;
import bzh.estran.dataset.core.PolicyParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DemoDatasetsTest {

  private static final byte[] KEY = new byte[32];

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws IOException {
    DemoDataset first = new DemoDatasets(7).all().get(0);
    DemoDataset again = new DemoDatasets(7).all().get(0);
    DemoDataset other = new DemoDatasets(8).all().get(0);
    assertThat(read(first)).isEqualTo(read(again)).isNotEqualTo(read(other));
  }

  @Test
  void everyDemoDatasetIsPublishableUnderItsPolicyAndHoldsTheRowsItSays() throws IOException {
    for (DemoDataset dataset : new DemoDatasets(DemoDatasets.DEFAULT_SEED).all()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Outcome outcome =
          new Anonymiser(PolicyParser.parse(dataset.policy()), KEY).run(dataset.raw(), out);
      System.out.println(dataset.name() + "\n" + outcome.report().summary(Locale.FRENCH));
      assertThat(outcome.refusals()).as(dataset.name()).isEmpty();
      assertThat(outcome.report().rows().in()).isEqualTo(dataset.rows());
      assertThat(outcome.rowsOut()).isPositive();
      String published = out.toString(StandardCharsets.UTF_8);
      assertThat(published).doesNotContain("@exemple.bzh", "LOR-", "06 ", "@air-breizh");
    }
  }

  @Test
  void rawDataHoldsTheDirectIdentifiersAPolicyMustRemove() throws IOException {
    String raw = read(new DemoDatasets(1).all().get(0));
    assertThat(raw.lines().findFirst().orElseThrow())
        .isEqualTo(
            "card_id,holder_name,email,birth_date,home_postcode,stop,latitude,longitude,boarded_at,fare");
    assertThat(raw).contains("@exemple.bzh", "LOR-");
  }

  private static String read(DemoDataset dataset) throws IOException {
    try (Reader reader = dataset.raw().open()) {
      StringBuilder text = new StringBuilder();
      char[] buffer = new char[8192];
      int n;
      while ((n = reader.read(buffer)) > 0) {
        text.append(buffer, 0, n);
      }
      return text.toString();
    }
  }
}
