package bzh.estran.dataset.core;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The problems of a policy found so far, by path, and typed reads that record one when wrong. */
final class PolicyProblems {

  private final Map<String, String> byPath = new LinkedHashMap<>();

  void add(String path, String why) {
    byPath.putIfAbsent(path, why);
  }

  boolean isEmpty() {
    return byPath.isEmpty();
  }

  Map<String, String> asMap() {
    return byPath;
  }

  static String path(String prefix, String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  void unknownKeys(JsonNode node, String prefix, Set<String> known) {
    Set<String> seen = new HashSet<>(node.propertyNames());
    seen.removeAll(known);
    seen.forEach(key -> add(path(prefix, key), "unknown key"));
  }

  String text(JsonNode node, String prefix, String key, boolean required) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        add(path(prefix, key), "required");
      }
      return null;
    }
    if (!value.isString() || value.asString().isBlank()) {
      add(path(prefix, key), "a non-empty string");
      return null;
    }
    return value.asString();
  }

  boolean flag(JsonNode node, String prefix, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      add(path(prefix, key), "true or false");
      return false;
    }
    return value.asBoolean();
  }

  int integer(JsonNode node, String prefix, String key, int fallback, int min, int max) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
      add(path(prefix, key), "an integer from " + min + " to " + max);
      return fallback;
    }
    return value.asInt();
  }

  double number(JsonNode node, String prefix, String key, double fallback, double min, double max) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
      add(path(prefix, key), "a number from " + min + " to " + max);
      return fallback;
    }
    return value.asDouble();
  }
}
