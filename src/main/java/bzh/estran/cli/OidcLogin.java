package bzh.estran.cli;

import bzh.estran.cli.core.Pkce;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Signing in with an identity provider, as a native app (RFC 8252): the authorization code flow
 * with PKCE and a loopback redirect on 127.0.0.1, or the device authorization grant (RFC 8628)
 * where the provider offers it. The result is the provider's ID token for the CLI's public client.
 */
final class OidcLogin {

  private static final String SCOPE = "openid email profile";
  private static final Duration BROWSER_TIMEOUT = Duration.ofMinutes(5);

  private final Cli cli;
  private final HttpClient http;
  private final SecureRandom random = new SecureRandom();

  OidcLogin(Cli cli) {
    this.cli = cli;
    this.http = cli.environment().httpClient();
  }

  /** The ID token, through the browser, or the device flow when {@code device} is true. */
  String idToken(String issuer, String clientId, boolean device) {
    JsonNode discovery = get(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    if (device) {
      String endpoint = Fields.text(discovery, "device_authorization_endpoint");
      if (endpoint.isEmpty()) {
        throw new CliException(ExitCode.USAGE, cli.messages().get("login.noDeviceFlow", issuer));
      }
      return deviceFlow(discovery, endpoint, clientId);
    }
    return codeFlow(discovery, clientId);
  }

  private String codeFlow(JsonNode discovery, String clientId) {
    Pkce pkce = Pkce.generate(random);
    String state = Pkce.randomText(random, 16);
    String nonce = Pkce.randomText(random, 16);
    try (LoopbackReceiver receiver = LoopbackReceiver.start(cli.messages())) {
      Map<String, String> parameters = new LinkedHashMap<>();
      parameters.put("response_type", "code");
      parameters.put("client_id", clientId);
      parameters.put("redirect_uri", receiver.redirectUri());
      parameters.put("scope", SCOPE);
      parameters.put("state", state);
      parameters.put("nonce", nonce);
      parameters.put("code_challenge", pkce.challenge());
      parameters.put("code_challenge_method", "S256");
      String endpoint = Fields.text(discovery, "authorization_endpoint");
      URI address = URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + form(parameters));
      cli.err(cli.messages().get("login.browser", address));
      cli.environment().browser().accept(address);
      Map<String, String> callback = receiver.await(BROWSER_TIMEOUT);
      if (!state.equals(callback.get("state"))) {
        throw new CliException(ExitCode.UNAUTHORIZED, cli.messages().get("login.badState"));
      }
      if (!callback.containsKey("code")) {
        throw refused(callback.get("error"), callback.get("error_description"));
      }
      Map<String, String> exchange = new LinkedHashMap<>();
      exchange.put("grant_type", "authorization_code");
      exchange.put("code", callback.get("code"));
      exchange.put("redirect_uri", receiver.redirectUri());
      exchange.put("client_id", clientId);
      exchange.put("code_verifier", pkce.verifier());
      JsonNode tokens = postForm(Fields.text(discovery, "token_endpoint"), exchange);
      if (tokens.has("error")) {
        throw refused(Fields.text(tokens, "error"), Fields.text(tokens, "error_description"));
      }
      String idToken = idTokenOf(tokens);
      if (!nonce.equals(Fields.text(claims(idToken), "nonce"))) {
        throw new CliException(ExitCode.UNAUTHORIZED, cli.messages().get("login.badNonce"));
      }
      return idToken;
    } catch (TimeoutException e) {
      throw new CliException(ExitCode.TIMED_OUT, cli.messages().get("login.timeout"), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.ERROR, cli.messages().get("error.interrupted"), e);
    }
  }

  private String deviceFlow(JsonNode discovery, String endpoint, String clientId) {
    JsonNode grant = postForm(endpoint, Map.of("client_id", clientId, "scope", SCOPE));
    if (grant.has("error")) {
      throw refused(Fields.text(grant, "error"), Fields.text(grant, "error_description"));
    }
    String complete = Fields.text(grant, "verification_uri_complete");
    cli.err(
        cli.messages()
            .get(
                "login.device",
                Fields.text(grant, "verification_uri"),
                Fields.text(grant, "user_code")));
    if (!complete.isEmpty()) {
      cli.environment().browser().accept(URI.create(complete));
    }
    long interval = Math.max(1, grant.path("interval").asLong(5));
    long expiresIn = grant.path("expires_in").asLong(600);
    long deadline = System.nanoTime() + Duration.ofSeconds(expiresIn).toNanos();
    Map<String, String> poll = new LinkedHashMap<>();
    poll.put("grant_type", "urn:ietf:params:oauth:grant-type:device_code");
    poll.put("device_code", Fields.text(grant, "device_code"));
    poll.put("client_id", clientId);
    while (System.nanoTime() < deadline) {
      sleep(Duration.ofSeconds(interval));
      JsonNode tokens = postForm(Fields.text(discovery, "token_endpoint"), poll);
      String error = Fields.text(tokens, "error");
      if (error.isEmpty()) {
        return idTokenOf(tokens);
      }
      if (error.equals("slow_down")) {
        interval += 5;
      } else if (!error.equals("authorization_pending")) {
        throw refused(error, Fields.text(tokens, "error_description"));
      }
    }
    throw new CliException(ExitCode.TIMED_OUT, cli.messages().get("login.timeout"));
  }

  private String idTokenOf(JsonNode tokens) {
    String idToken = Fields.text(tokens, "id_token");
    if (idToken.isEmpty()) {
      throw new CliException(ExitCode.UNAUTHORIZED, cli.messages().get("login.noIdToken"));
    }
    return idToken;
  }

  /** The claims of a JWT, unverified: Estran verifies the token; the CLI only reads its nonce. */
  static JsonNode claims(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      return ApiClient.JSON.missingNode();
    }
    try {
      return ApiClient.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    } catch (IllegalArgumentException | JacksonException e) {
      return ApiClient.JSON.missingNode();
    }
  }

  private CliException refused(String error, String description) {
    String reason = description == null || description.isBlank() ? error : description;
    return new CliException(
        ExitCode.UNAUTHORIZED, cli.messages().get("login.refused", String.valueOf(reason)));
  }

  private JsonNode get(String address) {
    return send(HttpRequest.newBuilder(URI.create(address)).GET(), address);
  }

  private JsonNode postForm(String address, Map<String, String> parameters) {
    return send(
        HttpRequest.newBuilder(URI.create(address))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(parameters))),
        address);
  }

  private JsonNode send(HttpRequest.Builder request, String address) {
    try {
      HttpResponse<String> response =
          http.send(
              request.header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = ApiClient.JSON.readTree(response.body());
      if (response.statusCode() >= 400 && !body.has("error")) {
        throw new CliException(
            ExitCode.UNAVAILABLE,
            cli.messages().get("login.providerError", address, response.statusCode()));
      }
      return body;
    } catch (IOException | JacksonException e) {
      throw new CliException(
          ExitCode.UNAVAILABLE,
          cli.messages().get("error.unreachable", address, String.valueOf(e.getMessage())),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.ERROR, cli.messages().get("error.interrupted"), e);
    }
  }

  private static String form(Map<String, String> parameters) {
    return parameters.entrySet().stream()
        .map(e -> ApiClient.encode(e.getKey()) + "=" + ApiClient.encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
