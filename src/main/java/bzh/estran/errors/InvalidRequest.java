package bzh.estran.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/** Bad input: names each offending field and what is wrong with it. */
public final class InvalidRequest extends EstranException {

  private final Map<String, Problem> problems;

  public InvalidRequest(Map<String, Problem> problems) {
    super("invalid_request", describe(problems));
    this.problems = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(problems));
  }

  public static InvalidRequest field(String field, Problem problem) {
    return new InvalidRequest(Map.of(field, problem));
  }

  /** Each field's problem as the API says it (English). */
  public Map<String, String> fields() {
    Map<String, String> english = new LinkedHashMap<>();
    problems.forEach((field, problem) -> english.put(field, problem.english()));
    return english;
  }

  /** Each field's problem with its message key, for the pages to say in their language. */
  public Map<String, Problem> problems() {
    return problems;
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("fields", new LinkedHashMap<>(fields()));
  }

  private static String describe(Map<String, Problem> fields) {
    StringBuilder message = new StringBuilder("The request is invalid: ");
    fields.forEach(
        (field, problem) ->
            message.append(field).append(" ").append(problem.english()).append("; "));
    return message.substring(0, message.length() - 2) + ".";
  }
}
