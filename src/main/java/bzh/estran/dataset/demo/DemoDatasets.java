package bzh.estran.dataset.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * A seeded generator of three raw demo datasets around Lorient, with the direct identifiers a real
 * export would hold, and their policies: shuttle boardings, air quality per station and hour, and
 * equipment usage. The same seed always gives the same bytes. Policies live in {@code
 * src/main/resources/datasets/demo/}; {@code docs/datasets.md} describes the data.
 */
public final class DemoDatasets {

  /** The seed dev mode uses. */
  public static final long DEFAULT_SEED = 2026;

  private static final String LICENCE = "Licence Ouverte 2.0";
  private static final String PERIOD = "2026-01-05/2026-02-01";

  private final long seed;

  /** A generator drawing from {@code seed}. */
  public DemoDatasets(long seed) {
    this.seed = seed;
  }

  /** The three datasets, at their default sizes (a few thousand rows each). */
  public List<DemoDataset> all() {
    return List.of(
        dataset(
            "shuttle-boardings",
            "Montées dans les navettes de Lorient (janvier 2026, données fictives)",
            12_000,
            writer -> new ShuttleBoardings(seed, 600).write(writer, 12_000),
            "Lorient Agglomération (fictif)",
            "Billettique des navettes, export des validations"),
        dataset(
            "air-quality",
            "Qualité de l'air par station et par heure autour de Lorient (données fictives)",
            5L * 24 * ShuttleBoardings.DAYS,
            writer -> new AirQuality(seed).write(writer, ShuttleBoardings.DAYS),
            "Air Breizh (fictif)",
            "Stations de mesure, moyennes horaires"),
        dataset(
            "equipment-usage",
            "Réservations des équipements municipaux de Lorient (données fictives)",
            8_000,
            writer -> new EquipmentUsage(seed, 500).write(writer, 8_000),
            "Ville de Lorient (fictif)",
            "Logiciel de réservation des équipements"));
  }

  private static DemoDataset dataset(
      String name,
      String title,
      long rows,
      Consumer<StringWriter> generator,
      String producer,
      String source) {
    StringWriter writer = new StringWriter();
    generator.accept(writer);
    String csv = writer.toString();
    return new DemoDataset(
        name,
        title,
        policy(name),
        () -> new StringReader(csv),
        rows,
        LICENCE,
        producer,
        source,
        PERIOD);
  }

  private static String policy(String name) {
    String resource = "/datasets/demo/" + name + ".yaml";
    try (InputStream in = DemoDatasets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
