package bzh.estran.dataset.core;

import java.util.Map;

/** The coarsening of each kind of generalisation. */
final class Coarsenings {

  private Coarsenings() {}

  static Coarsening of(
      DatasetPolicy policy, Generalisation g, int column, Map<String, Integer> index) {
    if (g instanceof Generalisation.Time time) {
      return new TimeCoarsening(column, time.units());
    } else if (g instanceof Generalisation.Bins bins) {
      return new BinsCoarsening(column, bins.widths());
    } else if (g instanceof Generalisation.AgeBands bands) {
      return new AgeCoarsening(column, bands.years(), policy.referenceDate().orElseThrow());
    } else if (g instanceof Generalisation.Grid grid) {
      return new GridCoarsening(column, index.get(grid.longitude()), grid.metres());
    } else if (g instanceof Generalisation.Places places) {
      return new PlacesCoarsening(column, index.get(places.longitude()), places.places());
    } else if (g instanceof Generalisation.Prefix prefix) {
      return new PrefixCoarsening(column, prefix.lengths());
    } else if (g instanceof Generalisation.Hierarchy hierarchy) {
      return new HierarchyCoarsening(column, hierarchy);
    }
    throw new IllegalArgumentException("no coarsening of its own: " + g);
  }

  /** The kind's name in policies and reports. */
  static String kind(Generalisation g) {
    if (g instanceof Generalisation.Time) {
      return "time";
    } else if (g instanceof Generalisation.Bins) {
      return "bins";
    } else if (g instanceof Generalisation.AgeBands) {
      return "ageBands";
    } else if (g instanceof Generalisation.Grid) {
      return "grid";
    } else if (g instanceof Generalisation.Places) {
      return "places";
    } else if (g instanceof Generalisation.Prefix) {
      return "prefix";
    } else if (g instanceof Generalisation.LongitudeOf) {
      return "longitudeOf";
    }
    return "hierarchy";
  }
}
