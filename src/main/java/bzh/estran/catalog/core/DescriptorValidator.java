package bzh.estran.catalog.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Reads and checks a template descriptor ({@code template.yaml}). */
final class DescriptorValidator {

  static final int MAX_NAME_LENGTH = 40;
  private static final List<String> KEYS =
      List.of("name", "description", "size", "defaultDuration", "maxDuration", "dataVolumeGiB");
  private static final List<String> SIZE_KEYS = List.of("cpu", "memoryGiB", "storageGiB");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private final Yaml yaml;

  DescriptorValidator(Yaml yaml) {
    this.yaml = yaml;
  }

  Descriptor validate(String directoryName, String file, String text) {
    List<ManifestDocument> documents = ManifestDocuments.split(new ManifestTemplate(file, text));
    if (documents.size() != 1) {
      throw new TemplateException(file, 0, "the descriptor must hold exactly one YAML document");
    }
    ManifestDocument document = documents.get(0);
    JsonNode tree = yaml.parse(document);
    if (!tree.isObject()) {
      throw new TemplateException(
          file,
          document.firstLine(),
          "the descriptor must be a mapping of " + String.join(", ", KEYS));
    }
    return new Fields(file, tree, yaml.keyLines(document, 2)).descriptor(directoryName);
  }

  /** The descriptor's values, each reported at its own line when wrong. */
  private record Fields(String file, JsonNode tree, Map<String, Integer> lines) {

    Descriptor descriptor(String directoryName) {
      refuseUnknownKeys(tree, "", KEYS);
      String name = text("name");
      if (name.length() > MAX_NAME_LENGTH || !DNS_LABEL.matcher(name).matches()) {
        throw problem(
            "name",
            "name '"
                + name
                + "' must be a DNS label (lower-case letters, digits and '-') of at most "
                + MAX_NAME_LENGTH
                + " characters");
      }
      if (!name.equals(directoryName)) {
        throw problem(
            "name", "name '" + name + "' must equal the directory name '" + directoryName + "'");
      }
      Duration defaultDuration = duration("defaultDuration");
      Duration maxDuration = duration("maxDuration");
      if (defaultDuration.compareTo(maxDuration) > 0) {
        throw problem(
            "defaultDuration",
            "defaultDuration " + defaultDuration + " is longer than maxDuration " + maxDuration);
      }
      Size size = size();
      return new Descriptor(
          name, text("description"), size, defaultDuration, maxDuration, dataVolume(size));
    }

    /** Optional: the GiB of the template's storage that preloaded datasets may take. */
    private int dataVolume(Size size) {
      JsonNode node = tree.path("dataVolumeGiB");
      if (node.isMissingNode() || node.isNull()) {
        return 0;
      }
      if (!node.isIntegralNumber() || node.asInt() <= 0) {
        throw problem("dataVolumeGiB", "dataVolumeGiB must be a whole number of GiB above zero");
      }
      if (BigDecimal.valueOf(node.asInt()).compareTo(size.storageGiB()) >= 0) {
        throw problem(
            "dataVolumeGiB",
            "dataVolumeGiB "
                + node.asInt()
                + " must be less than size.storageGiB, which counts it");
      }
      return node.asInt();
    }

    private void refuseUnknownKeys(JsonNode node, String prefix, List<String> known) {
      for (String key : node.propertyNames()) {
        if (!known.contains(key)) {
          throw problem(
              prefix + key,
              "unknown key '" + prefix + key + "' (allowed: " + String.join(", ", known) + ")");
        }
      }
    }

    private JsonNode required(String path) {
      JsonNode node = tree.at("/" + path.replace('.', '/'));
      if (node.isMissingNode() || node.isNull()) {
        int parentLine = path.contains(".") ? line(path.substring(0, path.indexOf('.'))) : 0;
        throw new TemplateException(file, parentLine, "missing key '" + path + "'");
      }
      return node;
    }

    private String text(String path) {
      JsonNode node = required(path);
      if (!node.isString() || node.stringValue().isBlank()) {
        throw problem(path, path + " must be a non-blank string");
      }
      return node.stringValue().strip();
    }

    private Duration duration(String path) {
      String value = text(path);
      Duration duration;
      try {
        duration = Duration.parse(value);
      } catch (DateTimeParseException e) {
        throw problem(
            path, path + " must be an ISO-8601 duration such as PT8H or P7D, got '" + value + "'");
      }
      if (duration.isNegative() || duration.isZero()) {
        throw problem(path, path + " must be longer than zero, got " + value);
      }
      return duration;
    }

    private Size size() {
      JsonNode size = required("size");
      if (!size.isObject()) {
        throw problem("size", "size must be a mapping of " + String.join(", ", SIZE_KEYS));
      }
      refuseUnknownKeys(size, "size.", SIZE_KEYS);
      return new Size(amount("size.cpu"), amount("size.memoryGiB"), amount("size.storageGiB"));
    }

    private BigDecimal amount(String path) {
      JsonNode node = required(path);
      BigDecimal amount = null;
      if (node.isNumber()) {
        amount = node.decimalValue();
      } else if (node.isString()) {
        try {
          amount = new BigDecimal(node.stringValue().strip());
        } catch (NumberFormatException e) {
          amount = null;
        }
      }
      if (amount == null || amount.signum() <= 0) {
        throw problem(path, path + " must be a number greater than zero, got " + node);
      }
      return amount;
    }

    private TemplateException problem(String path, String reason) {
      return new TemplateException(file, line(path), reason);
    }

    private int line(String path) {
      return lines.getOrDefault(path, 0);
    }
  }
}
