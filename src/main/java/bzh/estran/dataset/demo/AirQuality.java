package bzh.estran.dataset.demo;

import java.io.Writer;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Hourly air quality at five stations around Lorient: NO2, PM10, PM2.5 and O3 in µg/m³, with a
 * daily cycle (traffic peaks for NO2, afternoon sun for O3) and the technician's e-mail.
 */
public final class AirQuality {

  private record Station(String name, double latitude, double longitude, double traffic) {}

  private static final List<Station> STATIONS =
      List.of(
          new Station("Lorient Bois du Château", 47.7512, -3.3791, 1.0),
          new Station("Lorient Port de Keroman", 47.7321, -3.3689, 1.3),
          new Station("Lanester Zone du Mourillon", 47.7640, -3.3330, 1.5),
          new Station("Ploemeur Lann Bihoué", 47.7600, -3.4400, 0.7),
          new Station("Hennebont Centre", 47.8047, -3.2779, 0.9));

  private final long seed;

  /** Measurements drawn from {@code seed}. */
  public AirQuality(long seed) {
    this.seed = seed;
  }

  /** Writes a header and one row per station and hour over {@code days} days. */
  public void write(Writer writer, int days) {
    try (CsvOut csv = new CsvOut(writer)) {
      csv.row(
          "station",
          "station_latitude",
          "station_longitude",
          "measured_at",
          "no2_ugm3",
          "pm10_ugm3",
          "pm25_ugm3",
          "o3_ugm3",
          "technician_email");
      SplittableRandom random = new SplittableRandom(seed);
      LocalDateTime start = ShuttleBoardings.START.atStartOfDay();
      for (int hour = 0; hour < days * 24; hour++) {
        LocalDateTime at = start.plusHours(hour);
        int h = at.getHour();
        double rush = (h >= 7 && h <= 9) || (h >= 17 && h <= 19) ? 2.0 : 1.0;
        double sun = Math.max(0, Math.sin((h - 6) / 12.0 * Math.PI));
        for (Station station : STATIONS) {
          double no2 = station.traffic() * rush * (12 + random.nextDouble() * 10);
          double pm10 = 8 + station.traffic() * 6 + random.nextDouble() * 9;
          double pm25 = pm10 * (0.45 + random.nextDouble() * 0.2);
          double o3 = 35 + sun * 40 - no2 * 0.3 + random.nextDouble() * 8;
          csv.row(
              station.name(),
              String.format(Locale.ROOT, "%.5f", station.latitude()),
              String.format(Locale.ROOT, "%.5f", station.longitude()),
              at.toString(),
              one(no2),
              one(pm10),
              one(pm25),
              one(Math.max(0, o3)),
              random.nextBoolean()
                  ? "maelle.tanguy@air-breizh.example"
                  : "yann.riou@air-breizh.example");
        }
      }
    }
  }

  private static String one(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
