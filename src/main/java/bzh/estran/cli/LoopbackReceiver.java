package bzh.estran.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The loopback redirect of a native app's sign-in (RFC 8252): an HTTP listener on 127.0.0.1, on a
 * port the system picks, that takes the one {@code /callback} request the browser is sent back
 * with, answers it with a short page, and hands its query parameters over.
 */
final class LoopbackReceiver implements AutoCloseable {

  private final HttpServer server;
  private final CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();

  private LoopbackReceiver(Messages messages) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/callback", exchange -> answer(exchange, messages));
    server.start();
  }

  static LoopbackReceiver start(Messages messages) {
    return new LoopbackReceiver(messages);
  }

  /** {@code http://127.0.0.1:<port>/callback}. */
  String redirectUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
  }

  /** The callback's query parameters, once the browser comes back; empty after {@code timeout}. */
  Map<String, String> await(Duration timeout) throws TimeoutException, InterruptedException {
    try {
      return callback.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private void answer(HttpExchange exchange, Messages messages) throws IOException {
    Map<String, String> parameters = query(exchange.getRequestURI().getRawQuery());
    boolean ok = parameters.containsKey("code");
    String title = messages.get(ok ? "login.page.done" : "login.page.failed");
    String html =
        "<!doctype html><html lang=\""
            + messages.locale().getLanguage()
            + "\"><meta charset=\"utf-8\"><title>Estran</title>"
            + "<body style=\"font-family:sans-serif;margin:4em auto;max-width:32em\"><h1>"
            + escape(title)
            + "</h1><p>"
            + escape(messages.get("login.page.close"))
            + "</p></body></html>";
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(ok ? 200 : 400, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
    callback.complete(parameters);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (raw == null) {
      return parameters;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return parameters;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
