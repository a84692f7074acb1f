package bzh.estran.dataset.demo;

import java.io.Writer;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Bookings of municipal equipment in Lorient: booking id, facility, user id and phone, age, slot
 * start, duration and rate (plein, réduit, solidaire). Each user favours one facility.
 */
public final class EquipmentUsage {

  private static final List<String> FACILITIES =
      List.of(
          "Piscine du Moustoir",
          "Piscine de Lanveur",
          "Patinoire du Scorff",
          "Gymnase de Kervaric",
          "Salle d'escalade du Bois du Château",
          "Médiathèque François Mitterrand");
  private static final String[] RATES = {"plein", "plein", "réduit", "solidaire"};

  private final long seed;
  private final int users;

  /** Bookings drawn from {@code seed} for {@code users} users. */
  public EquipmentUsage(long seed, int users) {
    this.seed = seed;
    this.users = users;
  }

  /** Writes a header and {@code rows} bookings. */
  public void write(Writer writer, long rows) {
    try (CsvOut csv = new CsvOut(writer)) {
      csv.row(
          "booking_id",
          "facility",
          "user_id",
          "user_phone",
          "age",
          "slot_start",
          "duration_min",
          "rate");
      SplittableRandom random = new SplittableRandom(seed);
      for (long i = 0; i < rows; i++) {
        int user = random.nextInt(users);
        SplittableRandom person = new SplittableRandom(seed * 17 + user);
        int age = 8 + person.nextInt(70);
        String favourite = FACILITIES.get(person.nextInt(FACILITIES.size()));
        String rate = RATES[person.nextInt(RATES.length)];
        String phone =
            String.format(
                Locale.ROOT,
                "06 %02d %02d %02d %02d",
                person.nextInt(100),
                person.nextInt(100),
                person.nextInt(100),
                person.nextInt(100));
        String facility =
            random.nextInt(10) < 8 ? favourite : FACILITIES.get(random.nextInt(FACILITIES.size()));
        LocalDateTime slot =
            ShuttleBoardings.START
                .plusDays(random.nextInt(ShuttleBoardings.DAYS))
                .atTime(8 + random.nextInt(13), random.nextBoolean() ? 0 : 30);
        csv.row(
            String.format(Locale.ROOT, "B%08d", i + 1),
            facility,
            String.format(Locale.ROOT, "U%06d", user),
            phone,
            Integer.toString(age),
            slot.toString(),
            Integer.toString(30 * (1 + random.nextInt(4))),
            rate);
      }
    }
  }
}
