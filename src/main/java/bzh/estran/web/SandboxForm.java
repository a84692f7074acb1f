package bzh.estran.web;

import java.util.List;

/**
 * The request form as typed: shown again as it was when the service refuses it, so that nothing
 * typed is lost.
 */
public record SandboxForm(
    String template,
    List<String> datasets,
    String duration,
    String name,
    String institution,
    String cohort) {

  public SandboxForm {
    datasets = datasets == null ? List.of() : List.copyOf(datasets);
  }

  /** An empty form, with a template picked in advance (from the catalog) or none. */
  public static SandboxForm empty(String template) {
    return new SandboxForm(template, List.of(), null, null, null, null);
  }

  public boolean hasDataset(String name) {
    return datasets.contains(name);
  }

  /** The value of a text field: what was typed, or empty. */
  public static String value(String typed) {
    return typed == null ? "" : typed;
  }
}
