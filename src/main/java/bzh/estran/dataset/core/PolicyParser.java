package bzh.estran.dataset.core;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads an anonymisation policy written in YAML or JSON (JSON is YAML) and checks it completely:
 * every problem is reported at once, keyed by its path in the document. The format is described in
 * {@code docs/datasets.md}.
 */
public final class PolicyParser {

  private static final YAMLMapper MAPPER =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Set<String> TOP =
      Set.of("name", "subject", "k", "l", "maxSuppression", "referenceDate", "columns");

  private PolicyParser() {}

  /**
   * The policy described by {@code yamlOrJson}.
   *
   * @throws PolicyException naming every problem ({@code "columns[2].treatment" -> "why"})
   */
  public static DatasetPolicy parse(String yamlOrJson) {
    JsonNode root;
    try {
      root = MAPPER.readTree(yamlOrJson == null ? "" : yamlOrJson);
    } catch (JacksonException e) {
      throw new PolicyException(
          Map.of("policy", "not valid YAML or JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new PolicyException(Map.of("policy", "must be a mapping (YAML) or an object (JSON)"));
    }
    PolicyProblems problems = new PolicyProblems();
    problems.unknownKeys(root, "", TOP);
    String name = problems.text(root, "", "name", true);
    if (name != null && !NAME.matcher(name).matches()) {
      problems.add("name", "lower-case letters, digits and dashes, at most 63 characters");
    }
    String subject = problems.text(root, "", "subject", false);
    int k = problems.integer(root, "", "k", DatasetPolicy.DEFAULT_K, 1, 1_000_000);
    int l = problems.integer(root, "", "l", DatasetPolicy.DEFAULT_L, 1, 1_000);
    double maxSuppression =
        problems.number(root, "", "maxSuppression", DatasetPolicy.DEFAULT_MAX_SUPPRESSION, 0, 1);
    Optional<LocalDate> referenceDate = referenceDate(root, problems);
    List<ColumnPolicy> columns = new ArrayList<>();
    JsonNode columnNodes = root.get("columns");
    if (columnNodes == null || !columnNodes.isArray() || columnNodes.isEmpty()) {
      problems.add("columns", "a non-empty list, one entry per column of the raw CSV");
    } else {
      for (int i = 0; i < columnNodes.size(); i++) {
        ColumnPolicy column =
            ColumnParser.parse(columnNodes.get(i), "columns[" + i + "]", problems);
        if (column != null) {
          columns.add(column);
        }
      }
    }
    DatasetPolicy policy =
        new DatasetPolicy(
            name, Optional.ofNullable(subject), k, l, maxSuppression, referenceDate, columns);
    if (problems.isEmpty()) {
      PolicyRules.check(policy, columnNodes, problems);
    }
    if (!problems.isEmpty()) {
      throw new PolicyException(problems.asMap());
    }
    return policy;
  }

  private static Optional<LocalDate> referenceDate(JsonNode root, PolicyProblems problems) {
    String text = problems.text(root, "", "referenceDate", false);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(text));
    } catch (DateTimeParseException e) {
      problems.add("referenceDate", "an ISO date such as 2026-01-31");
      return Optional.empty();
    }
  }
}
