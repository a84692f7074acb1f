package bzh.estran.dataset.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Reads one entry of a policy's {@code columns}, recording its problems. */
final class ColumnParser {

  private static final List<String> KINDS =
      List.of("time", "bins", "ageBands", "grid", "places", "longitudeOf", "prefix", "hierarchy");
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "treatment",
          "quasiIdentifier",
          "sensitive",
          "level",
          "time",
          "bins",
          "ageBands",
          "grid",
          "places",
          "longitudeOf",
          "prefix",
          "hierarchy");

  private ColumnParser() {}

  static ColumnPolicy parse(JsonNode node, String at, PolicyProblems problems) {
    if (node == null || !node.isObject()) {
      problems.add(at, "an object with at least name and treatment");
      return null;
    }
    problems.unknownKeys(node, at, KEYS);
    String name = problems.text(node, at, "name", true);
    Treatment treatment = treatment(problems.text(node, at, "treatment", true), at, problems);
    boolean quasiIdentifier = problems.flag(node, at, "quasiIdentifier");
    boolean sensitive = problems.flag(node, at, "sensitive");
    String level = level(node, at, problems);
    List<String> kinds = KINDS.stream().filter(node::has).toList();
    Optional<Generalisation> generalisation = Optional.empty();
    if (treatment == Treatment.GENERALISE) {
      if (kinds.size() != 1) {
        problems.add(at + ".treatment", "generalise needs exactly one of " + KINDS);
      } else {
        String kind = kinds.get(0);
        generalisation =
            Optional.ofNullable(generalisation(kind, node.get(kind), at + "." + kind, problems));
      }
    } else if (!kinds.isEmpty() && treatment != null) {
      problems.add(at + "." + kinds.get(0), "only for the generalise treatment");
    }
    if (name == null || treatment == null) {
      return null;
    }
    return new ColumnPolicy(
        name,
        treatment,
        quasiIdentifier,
        sensitive,
        generalisation,
        level == null ? ColumnPolicy.AUTO : level);
  }

  /** The level, a string or a number ({@code level: 10} for bins of 10). */
  private static String level(JsonNode node, String at, PolicyProblems problems) {
    JsonNode value = node.get("level");
    if (value != null && value.isNumber()) {
      return value.decimalValue().stripTrailingZeros().toPlainString();
    }
    return problems.text(node, at, "level", false);
  }

  private static Treatment treatment(String text, String at, PolicyProblems problems) {
    if (text == null) {
      return null;
    }
    try {
      return Treatment.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(at + ".treatment", "one of keep, drop, pseudonymise, generalise");
      return null;
    }
  }

  private static Generalisation generalisation(
      String kind, JsonNode value, String at, PolicyProblems problems) {
    return switch (kind) {
      case "time" -> time(value, at, problems);
      case "bins" -> new Generalisation.Bins(decimals(value, at, problems));
      case "ageBands" -> new Generalisation.AgeBands(integers(value, at, problems));
      case "prefix" -> new Generalisation.Prefix(integers(value, at, problems));
      case "grid" -> grid(value, at, problems);
      case "places" -> places(value, at, problems);
      case "longitudeOf" -> longitudeOf(value, at, problems);
      default -> hierarchy(value, at, problems);
    };
  }

  private static Generalisation time(JsonNode value, String at, PolicyProblems problems) {
    List<Generalisation.TimeUnit> units = new ArrayList<>();
    for (String text : strings(value, at, problems)) {
      try {
        units.add(Generalisation.TimeUnit.valueOf(text.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        problems.add(at, "units among hour, day, week, month");
      }
    }
    return new Generalisation.Time(units);
  }

  private static Generalisation grid(JsonNode value, String at, PolicyProblems problems) {
    if (value == null || !value.isObject()) {
      problems.add(at, "an object with metres and longitude");
      return null;
    }
    problems.unknownKeys(value, at, Set.of("metres", "longitude"));
    String longitude = problems.text(value, at, "longitude", true);
    return new Generalisation.Grid(
        longitude, integers(value.get("metres"), at + ".metres", problems));
  }

  private static Generalisation places(JsonNode value, String at, PolicyProblems problems) {
    if (value == null || !value.isObject()) {
      problems.add(at, "an object with longitude and list");
      return null;
    }
    problems.unknownKeys(value, at, Set.of("longitude", "list"));
    String longitude = problems.text(value, at, "longitude", true);
    JsonNode list = value.get("list");
    List<Generalisation.Place> places = new ArrayList<>();
    if (list == null || !list.isArray() || list.isEmpty()) {
      problems.add(at + ".list", "a non-empty list of {name, latitude, longitude}");
    } else {
      for (int i = 0; i < list.size(); i++) {
        String where = at + ".list[" + i + "]";
        JsonNode place = list.get(i);
        if (!place.isObject()) {
          problems.add(where, "an object {name, latitude, longitude}");
          continue;
        }
        problems.unknownKeys(place, where, Set.of("name", "latitude", "longitude"));
        String name = problems.text(place, where, "name", true);
        double lat = problems.number(place, where, "latitude", Double.NaN, -90, 90);
        double lon = problems.number(place, where, "longitude", Double.NaN, -180, 180);
        if (Double.isNaN(lat) || Double.isNaN(lon)) {
          problems.add(where, "latitude and longitude are required");
        } else if (name != null) {
          places.add(new Generalisation.Place(name, lat, lon));
        }
      }
    }
    return new Generalisation.Places(longitude, places);
  }

  private static Generalisation longitudeOf(JsonNode value, String at, PolicyProblems problems) {
    if (value == null || !value.isString() || value.asString().isBlank()) {
      problems.add(at, "the name of the latitude column this longitude goes with");
      return null;
    }
    return new Generalisation.LongitudeOf(value.asString());
  }

  private static Generalisation hierarchy(JsonNode value, String at, PolicyProblems problems) {
    if (value == null || !value.isObject()) {
      problems.add(at, "an object with levels and values");
      return null;
    }
    problems.unknownKeys(value, at, Set.of("levels", "values"));
    List<String> names = strings(value.get("levels"), at + ".levels", problems);
    Map<String, List<String>> parents = new LinkedHashMap<>();
    JsonNode values = value.get("values");
    if (values == null || !values.isObject() || values.isEmpty()) {
      problems.add(at + ".values", "a mapping from each value to its ancestors, one per level");
    } else {
      for (String key : values.propertyNames()) {
        String where = at + ".values." + key;
        List<String> ancestors = strings(values.get(key), where, problems);
        if (ancestors.size() != names.size()) {
          problems.add(where, "one ancestor per level: " + names.size());
        }
        parents.put(key, ancestors);
      }
    }
    return new Generalisation.Hierarchy(names, parents);
  }

  private static List<String> strings(JsonNode value, String at, PolicyProblems problems) {
    List<String> out = new ArrayList<>();
    if (value == null || !value.isArray() || value.isEmpty()) {
      problems.add(at, "a non-empty list of strings");
      return out;
    }
    for (JsonNode item : value) {
      if (!item.isString() || item.asString().isBlank()) {
        problems.add(at, "a non-empty list of strings");
      } else {
        out.add(item.asString());
      }
    }
    return out;
  }

  private static List<Integer> integers(JsonNode value, String at, PolicyProblems problems) {
    List<Integer> out = new ArrayList<>();
    if (value == null || !value.isArray() || value.isEmpty()) {
      problems.add(at, "a non-empty list of positive integers");
      return out;
    }
    for (JsonNode item : value) {
      if (!item.isIntegralNumber() || item.asLong() < 1 || item.asLong() > 100_000_000) {
        problems.add(at, "a non-empty list of positive integers");
      } else {
        out.add(item.asInt());
      }
    }
    return out;
  }

  private static List<BigDecimal> decimals(JsonNode value, String at, PolicyProblems problems) {
    List<BigDecimal> out = new ArrayList<>();
    if (value == null || !value.isArray() || value.isEmpty()) {
      problems.add(at, "a non-empty list of positive numbers");
      return out;
    }
    for (JsonNode item : value) {
      if (!item.isNumber() || item.decimalValue().signum() <= 0) {
        problems.add(at, "a non-empty list of positive numbers");
      } else {
        out.add(item.decimalValue().stripTrailingZeros());
      }
    }
    return out;
  }
}
