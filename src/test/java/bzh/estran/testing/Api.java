package bzh.estran.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP calls to the running application, as one caller (a bearer token, or none). */
public final class Api {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http;
  private final String base;
  private final String token;

  public Api(HttpClient http, String base, String token) {
    this.http = http;
    this.base = base;
    this.token = token;
  }

  /** The same application, called with another token (null: none). */
  /** The same caller, talking to another replica. */
  public Api at(String otherBase) {
    return new Api(http, otherBase, token);
  }

  public Api as(String otherToken) {
    return new Api(http, base, otherToken);
  }

  public String token() {
    return token;
  }

  public Response get(String path) {
    return send(builder(path).GET());
  }

  public Response post(String path, String json) {
    return send(
        builder(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Response put(String path, String json) {
    return send(
        builder(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Response delete(String path) {
    return send(builder(path).DELETE());
  }

  /** Any method with raw body bytes and the given Content-Type (null: no header). */
  public Response raw(String method, String path, String contentType, byte[] body) {
    HttpRequest.Builder builder =
        builder(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return send(builder);
  }

  /** The response's headers of a GET, for paging links. */
  public HttpResponse<String> getWithHeaders(String path) {
    try {
      return http.send(builder(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder builder(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response: status, raw body and, for JSON, the parsed tree. */
  public record Response(int status, String body, String contentType) {

    public JsonNode json() {
      return JSON.readTree(body);
    }

    /** A text field of the JSON body. */
    public String text(String field) {
      return json().path(field).asString();
    }

    public String errorCode() {
      return json().path("error").path("code").asString();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
