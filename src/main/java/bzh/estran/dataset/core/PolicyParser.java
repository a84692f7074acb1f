package bzh.estran.dataset.core;

/**
 * Reads an anonymisation policy written in YAML or JSON (JSON is YAML) and checks it completely:
 * every problem is reported at once, keyed by its path in the document.
 */
public final class PolicyParser {

  private PolicyParser() {}

  /**
   * The policy described by {@code yamlOrJson}.
   *
   * @throws PolicyException naming every problem ({@code "columns[2].treatment" -> "why"})
   */
  public static DatasetPolicy parse(String yamlOrJson) {
    throw new UnsupportedOperationException("not yet");
  }
}
