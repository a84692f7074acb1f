package bzh.estran.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Estran HTTP API as the CLI calls it: JSON in and out, the bearer token on every call, and
 * every error answer turned into an {@link ApiException} carrying the API's sentence.
 */
public final class ApiClient {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http;
  private final String server;
  private final String token;
  private final Messages messages;

  ApiClient(HttpClient http, String server, String token, Messages messages) {
    this.http = http;
    this.server = server;
    this.token = token;
    this.messages = messages;
  }

  /** The Estran address, without a trailing slash or {@code /api/v1}. */
  public String server() {
    return server;
  }

  /** The same server with another token (null: none). */
  ApiClient withToken(String otherToken) {
    return new ApiClient(http, server, otherToken, messages);
  }

  JsonNode get(String path) {
    return json(send(request(path).GET()));
  }

  JsonNode post(String path, Object body) {
    return json(
        send(
            request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))));
  }

  JsonNode delete(String path) {
    return json(send(request(path).DELETE()));
  }

  /** A non-JSON answer (the kubeconfig's YAML). */
  String text(String path) {
    return send(request(path).GET()).body();
  }

  /** A query parameter value, URL-encoded. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(server + "/api/v1" + path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json, application/yaml")
            .header("User-Agent", "estran-cli");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new CliException(
          ExitCode.UNAVAILABLE,
          messages.get("error.unreachable", server, String.valueOf(e.getMessage())),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.ERROR, messages.get("error.interrupted"), e);
    }
    if (response.statusCode() >= 400) {
      throw ApiException.of(response.statusCode(), parse(response.body()), response.body());
    }
    return response;
  }

  private JsonNode json(HttpResponse<String> response) {
    String body = response.body();
    if (body == null || body.isBlank()) {
      return JSON.missingNode();
    }
    JsonNode parsed = parse(body);
    if (parsed == null) {
      throw new CliException(
          ExitCode.ERROR, messages.get("error.notJson", server, response.statusCode()));
    }
    return parsed;
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }
}
