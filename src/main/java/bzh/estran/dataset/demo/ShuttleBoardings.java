package bzh.estran.dataset.demo;

import java.io.Writer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Boardings of the Lorient shuttles: card id, holder name, e-mail, date of birth, home postcode,
 * stop, exact GPS coordinates (the stop plus up to ~40 m of noise), time and fare. Each holder
 * rides mostly from a home stop, on weekdays at commuting hours more than at others.
 */
public final class ShuttleBoardings {

  static final LocalDate START = LocalDate.of(2026, 1, 5);
  static final int DAYS = 28;
  private static final String[] FARES = {"1.50", "1.50", "1.50", "0.00", "1.10", "0.50"};

  private final long seed;
  private final int holders;

  /** Boardings drawn from {@code seed} for {@code holders} card holders. */
  public ShuttleBoardings(long seed, int holders) {
    this.seed = seed;
    this.holders = holders;
  }

  /** Writes a header and {@code rows} boardings. */
  public void write(Writer writer, long rows) {
    try (CsvOut csv = new CsvOut(writer)) {
      csv.row(
          "card_id",
          "holder_name",
          "email",
          "birth_date",
          "home_postcode",
          "stop",
          "latitude",
          "longitude",
          "boarded_at",
          "fare");
      SplittableRandom random = new SplittableRandom(seed);
      for (long i = 0; i < rows; i++) {
        int holder = random.nextInt(holders);
        SplittableRandom person = new SplittableRandom(seed * 31 + holder);
        String first = Lorient.FIRST_NAMES.get(person.nextInt(Lorient.FIRST_NAMES.size()));
        String last = Lorient.LAST_NAMES.get(person.nextInt(Lorient.LAST_NAMES.size()));
        LocalDate birth = LocalDate.of(1945, 1, 1).plusDays(person.nextInt(365 * 62));
        Lorient.Stop home = Lorient.STOPS.get(person.nextInt(Lorient.STOPS.size()));
        String fare = FARES[person.nextInt(FARES.length)];
        Lorient.Stop stop =
            random.nextInt(10) < 7 ? home : Lorient.STOPS.get(random.nextInt(Lorient.STOPS.size()));
        LocalDateTime at =
            START
                .plusDays(random.nextInt(DAYS))
                .atTime(random.nextInt(10) < 6 ? 7 + random.nextInt(3) : 6 + random.nextInt(16), 0)
                .plusMinutes(random.nextInt(60))
                .plusSeconds(random.nextInt(60));
        csv.row(
            String.format(Locale.ROOT, "LOR-%07d", 1_000_000 + holder * 7919 % 9_000_000),
            first + " " + last,
            ascii(first) + "." + ascii(last) + holder + "@exemple.bzh",
            birth.toString(),
            home.postcode(),
            stop.name(),
            coordinate(stop.latitude(), random),
            coordinate(stop.longitude(), random),
            at.toString(),
            random.nextInt(20) == 0 ? "4.00" : fare);
      }
    }
  }

  private static String coordinate(double value, SplittableRandom random) {
    return String.format(Locale.ROOT, "%.6f", value + (random.nextDouble() - 0.5) * 0.0007);
  }

  private static String ascii(String name) {
    return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
        .replaceAll("[^A-Za-z]", "")
        .toLowerCase(Locale.ROOT);
  }
}
