package bzh.estran.dataset;

import bzh.estran.testing.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** HTTP calls the JSON {@link Api} does not make: raw bodies, extra headers, bytes back. */
final class RawHttp {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  RawHttp(String base) {
    this.base = base;
  }

  /** A response with its body as bytes. */
  record Bytes(int status, byte[] body, Map<String, java.util.List<String>> headers) {
    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers
          .getOrDefault(name.toLowerCase(java.util.Locale.ROOT), java.util.List.of(""))
          .get(0);
    }
  }

  Api.Response send(
      String method,
      String path,
      String token,
      HttpRequest.BodyPublisher body,
      String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .method(method, body)
            .header("Content-Type", contentType);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Api.Response(
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

  Bytes get(String path, String token, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Bytes(response.statusCode(), response.body(), response.headers().map());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
