package bzh.estran.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/** Bad input: names each offending field and what is wrong with it. */
public final class InvalidRequest extends EstranException {

  private final Map<String, String> fields;

  public InvalidRequest(Map<String, String> fields) {
    super("invalid_request", describe(fields));
    this.fields = Map.copyOf(fields);
  }

  public static InvalidRequest field(String field, String problem) {
    return new InvalidRequest(Map.of(field, problem));
  }

  public Map<String, String> fields() {
    return fields;
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("fields", new LinkedHashMap<>(fields));
  }

  private static String describe(Map<String, String> fields) {
    StringBuilder message = new StringBuilder("The request is invalid: ");
    fields.forEach(
        (field, problem) -> message.append(field).append(" ").append(problem).append("; "));
    return message.substring(0, message.length() - 2) + ".";
  }
}
