package bzh.estran.dataset.core;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * How a generalised column is coarsened: an ordered list of levels, finest first. Every level is a
 * function of the finest one, so coarser levels can be computed from a histogram at the finest
 * level without reading the data again. Above the last level, every hierarchy has the level {@code
 * *} (the value withheld).
 */
public sealed interface Generalisation {

  /** The label of the level that withholds the value entirely. */
  String WITHHELD = "*";

  /** The labels of the levels, finest first (without {@code *}). */
  List<String> levels();

  /** Timestamps (ISO-8601 date-times, with or without offset) to an hour, day, week or month. */
  record Time(List<TimeUnit> units) implements Generalisation {
    @Override
    public List<String> levels() {
      return units.stream().map(TimeUnit::label).toList();
    }
  }

  /** The units a timestamp can be truncated to. */
  enum TimeUnit {
    HOUR,
    DAY,
    WEEK,
    MONTH;

    /** The name in policies: {@code hour}, {@code day}, {@code week}, {@code month}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Numbers to bins {@code [a, a + width)}; each width is a multiple of the first. */
  record Bins(List<BigDecimal> widths) implements Generalisation {
    @Override
    public List<String> levels() {
      return widths.stream().map(BigDecimal::toPlainString).toList();
    }
  }

  /**
   * Dates of birth (ISO dates) to age bands of so many years, the age taken at the policy's
   * reference date; each width is a multiple of the first.
   */
  record AgeBands(List<Integer> years) implements Generalisation {
    @Override
    public List<String> levels() {
      return years.stream().map(String::valueOf).toList();
    }
  }

  /**
   * Latitudes (this column) and longitudes (the column {@code longitude}) to the centre of a square
   * grid of so many metres; each size is a multiple of the first.
   */
  record Grid(String longitude, List<Integer> metres) implements Generalisation {
    @Override
    public List<String> levels() {
      return metres.stream().map(m -> m + "m").toList();
    }
  }

  /**
   * Latitudes (this column) and longitudes (the column {@code longitude}) to the name of the
   * nearest of the places listed in the policy.
   */
  record Places(String longitude, List<Place> places) implements Generalisation {
    @Override
    public List<String> levels() {
      return List.of("place");
    }
  }

  /** A named place of a {@link Places} generalisation. */
  record Place(String name, double latitude, double longitude) {}

  /** The longitude column of a {@link Grid} or {@link Places} pair, led by {@code latitude}. */
  record LongitudeOf(String latitude) implements Generalisation {
    @Override
    public List<String> levels() {
      return List.of();
    }
  }

  /** Postcodes (or any code) to their first so many characters, longest first. */
  record Prefix(List<Integer> lengths) implements Generalisation {
    @Override
    public List<String> levels() {
      return lengths.stream().map(String::valueOf).toList();
    }
  }

  /**
   * Free categories through a hierarchy: {@code parents} maps each value to its ancestors, one per
   * level, nearest first; {@code names} names those levels. The finest, {@code value}, is the
   * value.
   */
  record Hierarchy(List<String> names, Map<String, List<String>> parents)
      implements Generalisation {
    @Override
    public List<String> levels() {
      return java.util.stream.Stream.concat(java.util.stream.Stream.of("value"), names.stream())
          .toList();
    }
  }
}
