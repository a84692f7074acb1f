package bzh.estran.dataset.core;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The rules between the fields of a policy whose fields are each well formed. */
final class PolicyRules {

  private PolicyRules() {}

  static void check(DatasetPolicy policy, JsonNode columnNodes, PolicyProblems problems) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < policy.columns().size(); i++) {
      if (index.putIfAbsent(policy.columns().get(i).name(), i) != null) {
        problems.add("columns[" + i + "].name", "the column is already listed");
      }
    }
    policy
        .subject()
        .ifPresent(
            subject -> {
              Integer at = index.get(subject);
              if (at == null) {
                problems.add("subject", "names no column of the policy");
              } else if (!List.of(Treatment.PSEUDONYMISE, Treatment.DROP)
                      .contains(policy.columns().get(at).treatment())
                  || policy.columns().get(at).quasiIdentifier()
                  || policy.columns().get(at).sensitive()) {
                problems.add(
                    "columns[" + at + "].treatment",
                    "the data subject column must be pseudonymised or dropped, and be neither"
                        + " quasi-identifier nor sensitive");
              }
            });
    for (int i = 0; i < policy.columns().size(); i++) {
      column(policy, policy.columns().get(i), "columns[" + i + "]", index, problems);
    }
  }

  private static void column(
      DatasetPolicy policy,
      ColumnPolicy column,
      String at,
      Map<String, Integer> index,
      PolicyProblems problems) {
    boolean published =
        column.treatment() == Treatment.KEEP || column.treatment() == Treatment.GENERALISE;
    if ((column.quasiIdentifier() || column.sensitive()) && !published) {
      problems.add(
          at + ".treatment", "a quasi-identifier or sensitive column is kept or generalised");
    }
    if (column.quasiIdentifier() && column.sensitive()) {
      problems.add(at + ".sensitive", "a column is a quasi-identifier or sensitive, not both");
    }
    List<String> levels = levels(column);
    if (!column.autoLevel()
        && !Generalisation.WITHHELD.equals(column.level())
        && !levels.contains(column.level())) {
      problems.add(at + ".level", "auto, * or one of " + levels);
    }
    if (Generalisation.WITHHELD.equals(column.level()) && !column.quasiIdentifier()) {
      problems.add(at + ".level", "* withholds a quasi-identifier; drop any other column instead");
    }
    column.generalisation().ifPresent(g -> generalisation(policy, column, g, at, index, problems));
  }

  /** The level labels a column can take (without {@code *}). */
  static List<String> levels(ColumnPolicy column) {
    return column.generalisation().map(Generalisation::levels).orElse(List.of("value"));
  }

  private static void generalisation(
      DatasetPolicy policy,
      ColumnPolicy column,
      Generalisation generalisation,
      String at,
      Map<String, Integer> index,
      PolicyProblems problems) {
    if (generalisation instanceof Generalisation.Bins bins) {
      multiples(bins.widths(), at + ".bins", problems);
    } else if (generalisation instanceof Generalisation.AgeBands bands) {
      multiples(decimals(bands.years()), at + ".ageBands", problems);
      if (policy.referenceDate().isEmpty()) {
        problems.add("referenceDate", "age bands need the date ages are computed at");
      }
    } else if (generalisation instanceof Generalisation.Grid grid) {
      multiples(decimals(grid.metres()), at + ".grid.metres", problems);
      partner(policy, column, grid.longitude(), at + ".grid.longitude", index, problems);
    } else if (generalisation instanceof Generalisation.Places places) {
      partner(policy, column, places.longitude(), at + ".places.longitude", index, problems);
    } else if (generalisation instanceof Generalisation.LongitudeOf of) {
      if (column.quasiIdentifier() || column.sensitive()) {
        problems.add(at + ".quasiIdentifier", "set on the latitude column of the pair");
      }
      Integer lead = index.get(of.latitude());
      if (lead == null || !leads(policy.columns().get(lead), column.name())) {
        problems.add(at + ".longitudeOf", "names no grid or places column leading this one");
      }
    } else if (generalisation instanceof Generalisation.Prefix prefix) {
      for (int i = 1; i < prefix.lengths().size(); i++) {
        if (prefix.lengths().get(i) >= prefix.lengths().get(i - 1)) {
          problems.add(at + ".prefix", "lengths from the longest to the shortest");
        }
      }
    } else if (generalisation instanceof Generalisation.Time time) {
      time(time.units(), at + ".time", problems);
    }
  }

  private static List<BigDecimal> decimals(List<Integer> sizes) {
    return sizes.stream().map(BigDecimal::valueOf).toList();
  }

  private static boolean leads(ColumnPolicy lead, String longitude) {
    return lead.generalisation()
        .map(
            g ->
                (g instanceof Generalisation.Grid grid && grid.longitude().equals(longitude))
                    || (g instanceof Generalisation.Places places
                        && places.longitude().equals(longitude)))
        .orElse(false);
  }

  private static void partner(
      DatasetPolicy policy,
      ColumnPolicy latitude,
      String longitude,
      String at,
      Map<String, Integer> index,
      PolicyProblems problems) {
    Integer other = index.get(longitude);
    if (other == null
        || !(policy.columns().get(other).generalisation().orElse(null)
                instanceof Generalisation.LongitudeOf of
            && of.latitude().equals(latitude.name()))) {
      problems.add(at, "names no column generalised with longitudeOf: " + latitude.name());
    }
  }

  private static void multiples(List<BigDecimal> sizes, String at, PolicyProblems problems) {
    for (int i = 1; i < sizes.size(); i++) {
      BigDecimal ratio = sizes.get(i).divide(sizes.get(0), java.math.MathContext.DECIMAL64);
      if (sizes.get(i).compareTo(sizes.get(i - 1)) <= 0 || ratio.stripTrailingZeros().scale() > 0) {
        problems.add(at, "sizes from the finest up, each a whole multiple of the first");
      }
    }
  }

  private static void time(
      List<Generalisation.TimeUnit> units, String at, PolicyProblems problems) {
    for (int i = 1; i < units.size(); i++) {
      if (units.get(i).compareTo(units.get(i - 1)) <= 0) {
        problems.add(at, "units from the finest up: hour, day, week, month");
      }
    }
    if (!units.isEmpty() && units.get(0) == Generalisation.TimeUnit.WEEK && units.size() > 1) {
      problems.add(at, "a week is not within one month: start from hour or day to have both");
    }
  }
}
