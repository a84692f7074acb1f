package bzh.estran.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads one typed value per variable, falling back to its default, failing with a clear sentence.
 */
final class EnvReader {

  private static final Pattern CIDR =
      Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})$");

  private final Map<String, String> env;

  EnvReader(Map<String, String> env) {
    this.env = env;
  }

  Optional<String> optional(String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return Optional.ofNullable(Setting.named(name).defaultValue());
    }
    return Optional.of(value.trim());
  }

  String text(String name) {
    return optional(name).orElse("");
  }

  Mode mode(String name) {
    String value = text(name);
    try {
      return Mode.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(name, value, "`dev` or `production`");
    }
  }

  /** One of {@code allowed}, compared without regard to case; returned as written there. */
  String choice(String name, String... allowed) {
    String value = text(name);
    for (String one : allowed) {
      if (one.equalsIgnoreCase(value)) {
        return one;
      }
    }
    throw bad(name, value, "`" + String.join("` or `", allowed) + "`");
  }

  int integer(String name, int min, int max) {
    String value = text(name);
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(name, value, "a whole number from " + min + " to " + max);
  }

  Duration duration(String name) {
    String value = text(name);
    try {
      Duration parsed = Duration.parse(value);
      if (!parsed.isNegative() && !parsed.isZero()) {
        return parsed;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw bad(name, value, "a positive ISO-8601 duration such as PT30S");
  }

  ZoneId zone(String name) {
    String value = text(name);
    try {
      return ZoneId.of(value);
    } catch (DateTimeException e) {
      throw bad(name, value, "a time zone such as Europe/Paris");
    }
  }

  /** {@code domain=slug} pairs, comma-separated. */
  Map<String, String> domains(String name) {
    Map<String, String> domains = pairs(name, "domain=slug pairs such as univ-ubs.fr=ubs");
    for (Map.Entry<String, String> pair : domains.entrySet()) {
      if (!pair.getKey().matches("^[a-z0-9.-]+\\.[a-z]{2,}$")
          || !pair.getValue().matches("^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$")) {
        throw bad(
            name,
            text(name),
            "domain=slug pairs such as univ-ubs.fr=ubs (`"
                + pair.getKey()
                + "="
                + pair.getValue()
                + "` is not one)");
      }
    }
    return domains;
  }

  /** An optional namespace name (a DNS label). */
  Optional<String> namespace(String name) {
    Optional<String> value = optional(name);
    value.ifPresent(
        namespace -> {
          if (!namespace.matches("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")) {
            throw bad(name, namespace, "a namespace name such as estran-system");
          }
        });
    return value;
  }

  /** Kubernetes labels as {@code key=value} pairs, comma-separated, at least one. */
  Map<String, String> labels(String name) {
    String expected = "key=value label pairs such as app.kubernetes.io/name=estran";
    Map<String, String> labels = pairs(name, expected);
    if (labels.isEmpty()) {
      throw bad(name, text(name), expected);
    }
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (!label
              .getKey()
              .matches("^([a-z0-9.-]{1,253}/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$")
          || !label.getValue().matches("^([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$")) {
        throw bad(
            name,
            text(name),
            expected + " (`" + label.getKey() + "=" + label.getValue() + "` is not one)");
      }
    }
    return labels;
  }

  private Map<String, String> pairs(String name, String expected) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String item : text(name).split(",")) {
      String trimmed = item.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int equals = trimmed.indexOf('=');
      if (equals <= 0 || equals == trimmed.length() - 1) {
        throw bad(name, text(name), expected);
      }
      pairs.put(trimmed.substring(0, equals).trim(), trimmed.substring(equals + 1).trim());
    }
    return pairs;
  }

  Path path(String name) {
    return Path.of(text(name));
  }

  Optional<String> url(String name) {
    Optional<String> value = optional(name);
    value.ifPresent(
        url -> {
          try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null
                || !uri.getScheme().startsWith("http")
                || uri.getHost() == null) {
              throw bad(name, url, "an http(s) URL such as https://10.0.0.1:6443");
            }
          } catch (IllegalArgumentException e) {
            throw bad(name, url, "an http(s) URL such as https://10.0.0.1:6443");
          }
        });
    return value;
  }

  /**
   * A blank value set explicitly means an empty list; only an absent variable takes the default.
   */
  List<String> cidrs(String name) {
    String value =
        env.containsKey(name) ? env.get(name).trim() : Setting.named(name).defaultValue();
    List<String> cidrs =
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    for (String cidr : cidrs) {
      if (!isCidr(cidr)) {
        throw bad(
            name,
            value,
            "comma-separated IPv4 CIDRs such as 10.0.0.0/8 (`" + cidr + "` is not one)");
      }
    }
    return cidrs;
  }

  private static boolean isCidr(String text) {
    var matcher = CIDR.matcher(text);
    if (!matcher.matches()) {
      return false;
    }
    for (int group = 1; group <= 4; group++) {
      if (Integer.parseInt(matcher.group(group)) > 255) {
        return false;
      }
    }
    return Integer.parseInt(matcher.group(5)) <= 32;
  }

  /** Positive ISO-8601 durations separated by commas; set blank, none (unset: the default). */
  List<Duration> durations(String name) {
    String value =
        env.containsKey(name) ? env.get(name).trim() : Setting.named(name).defaultValue();
    List<Duration> durations = new java.util.ArrayList<>();
    for (String item : value.split(",")) {
      if (item.isBlank()) {
        continue;
      }
      try {
        Duration parsed = Duration.parse(item.trim());
        if (!parsed.isNegative() && !parsed.isZero()) {
          durations.add(parsed);
          continue;
        }
      } catch (DateTimeParseException e) {
        // reported below
      }
      throw bad(name, value, "positive ISO-8601 durations separated by commas, such as PT24H,PT1H");
    }
    return List.copyOf(durations);
  }

  /** One of the allowed words, in lower case. */
  String oneOf(String name, List<String> allowed) {
    String value = text(name).toLowerCase(Locale.ROOT);
    if (!allowed.contains(value)) {
      throw bad(name, text(name), "one of " + String.join(", ", allowed));
    }
    return value;
  }

  private static ConfigException bad(String name, String value, String expected) {
    return new ConfigException(name + " must be " + expected + ", got '" + value + "'.");
  }
}
