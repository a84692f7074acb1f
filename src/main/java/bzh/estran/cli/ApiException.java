package bzh.estran.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An error answer of the Estran API, with its sentence as the API wrote it and, for {@code
 * invalid_request}, the problem of each field.
 */
public final class ApiException extends CliException {

  private final int status;
  private final String code;
  private final Map<String, String> fields;

  ApiException(int status, String code, String message, Map<String, String> fields) {
    super(ExitCode.of(code, status), message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** From an error body of the contract's shape, or whatever the server answered. */
  static ApiException of(int status, JsonNode body, String raw) {
    JsonNode error = body == null ? null : body.path("error");
    if (error == null || !error.isObject()) {
      String text = raw == null || raw.isBlank() ? "HTTP " + status : raw.strip();
      return new ApiException(status, null, "HTTP " + status + ": " + text, Map.of());
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (var entry : error.path("details").path("fields").properties()) {
      fields.put(entry.getKey(), entry.getValue().asString());
    }
    return new ApiException(
        status, error.path("code").asString(), error.path("message").asString(), fields);
  }

  public int status() {
    return status;
  }

  /** The contract's error code ({@code quota_exceeded}, …), or null when the body had none. */
  public String code() {
    return code;
  }

  /** Field → problem, for {@code invalid_request}. */
  public Map<String, String> fields() {
    return fields;
  }
}
