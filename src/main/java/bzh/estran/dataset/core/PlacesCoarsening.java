package bzh.estran.dataset.core;

import java.util.List;

/**
 * Latitude/longitude pairs to the nearest of the places the policy lists: the published pair is
 * that place's own coordinates (its name is in the key).
 */
final class PlacesCoarsening implements Coarsening {

  private final int latitude;
  private final int longitude;
  private final List<Generalisation.Place> places;

  PlacesCoarsening(int latitude, int longitude, List<Generalisation.Place> places) {
    this.latitude = latitude;
    this.longitude = longitude;
    this.places = List.copyOf(places);
  }

  @Override
  public int levels() {
    return 1;
  }

  @Override
  public String finest(String[] row) {
    String lat = row[latitude].trim();
    String lon = row[longitude].trim();
    if (lat.isEmpty() && lon.isEmpty()) {
      return "";
    }
    double y = GridCoarsening.coordinate(lat, 90);
    double x = GridCoarsening.coordinate(lon, 180);
    int nearest = 0;
    double best = Double.MAX_VALUE;
    for (int i = 0; i < places.size(); i++) {
      Generalisation.Place place = places.get(i);
      double dy = place.latitude() - y;
      double dx = (place.longitude() - x) * Math.cos(Math.toRadians(y));
      double distance = dx * dx + dy * dy;
      if (distance < best) {
        best = distance;
        nearest = i;
      }
    }
    return Integer.toString(nearest);
  }

  @Override
  public String coarsen(String finest, int level) {
    if (level >= 1) {
      return Coarsening.withheld(2);
    }
    if (finest.isEmpty()) {
      return "" + PAIR;
    }
    Generalisation.Place place = places.get(Integer.parseInt(finest));
    return place.latitude() + "" + PAIR + place.longitude();
  }
}
