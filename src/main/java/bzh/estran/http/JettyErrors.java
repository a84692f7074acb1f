package bzh.estran.http;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jetty's own error responses (a request it refuses before Estran sees it: a {@code %00} or another
 * malformed path, a bad header) in the contract's error JSON instead of Jetty's HTML page. Jetty
 * closes the connection after such a request, so the answer says {@code Connection: close}: without
 * it a client keeps the connection for its next request, which then meets a closed socket (the
 * JDK's client: "header parser received no bytes").
 */
final class JettyErrors extends ErrorHandler {

  private final JsonMapper mapper;

  JettyErrors(JsonMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    fields.put(HttpHeader.CONNECTION, "close");
    return ByteBuffer.wrap(body(status, reason));
  }

  private byte[] body(int status, String reason) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", ErrorMapping.codeFor(status));
    error.put(
        "message",
        status < 500
            ? "The request could not be read" + (reason == null ? "." : ": " + reason + ".")
            : "Something went wrong on our side.");
    error.put("details", Map.of());
    return mapper.writeValueAsBytes(Map.of("error", error));
  }
}
