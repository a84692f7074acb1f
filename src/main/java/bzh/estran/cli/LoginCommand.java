package bzh.estran.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code estran login [URL]}: through the institution's identity provider in the browser (or the
 * device flow), or with an API token; the credentials are saved for the next commands.
 */
@Command(name = "login")
final class LoginCommand extends CliCommand {

  /** How long the API token made at sign-in through an identity provider lives. */
  static final Duration CLI_TOKEN_LIFETIME = Duration.ofDays(30);

  @Parameters(index = "0", arity = "0..1", paramLabel = "URL", descriptionKey = "login.url")
  String url;

  @Option(names = "--token", paramLabel = "TOKEN", descriptionKey = "login.token")
  String token;

  @Option(names = "--provider", paramLabel = "NAME", descriptionKey = "login.provider")
  String provider;

  @Option(names = "--device", descriptionKey = "login.deviceOption")
  boolean device;

  LoginCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    String server = cli.server(url);
    ApiClient anonymous = cli.anonymous(server);
    Credentials credentials =
        token != null ? withToken(anonymous, readToken()) : withProvider(anonymous);
    forgetPrevious(credentials);
    cli.credentials().save(credentials);
    JsonNode me = anonymous.withToken(credentials.token()).get("/me");
    cli.print(me, () -> message("login.done", server, Fields.text(me, "email")) + "\n");
    return ExitCode.OK;
  }

  private Credentials withToken(ApiClient anonymous, String given) {
    JsonNode me = anonymous.withToken(given).get("/me");
    return new Credentials(anonymous.server(), given, null, Fields.text(me, "email"), null);
  }

  private Credentials withProvider(ApiClient anonymous) {
    JsonNode chosen = choose(providers(anonymous));
    String issuer = Fields.text(chosen, "issuer");
    cli.err(message("login.with", Fields.text(chosen, "name")));
    String idToken = new OidcLogin(cli).idToken(issuer, Fields.text(chosen, "cliClientId"), device);
    ApiClient signedIn = anonymous.withToken(idToken);
    JsonNode me = signedIn.get("/me");
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("name", "estran CLI on " + hostName());
    request.put(
        "expiresAt", cli.environment().clock().instant().plus(CLI_TOKEN_LIFETIME).toString());
    JsonNode issued = signedIn.post("/tokens", request);
    return new Credentials(
        anonymous.server(),
        Fields.text(issued, "token"),
        Fields.text(issued, "id"),
        Fields.text(me, "email"),
        issuer);
  }

  private List<JsonNode> providers(ApiClient anonymous) {
    List<JsonNode> providers = new ArrayList<>();
    try {
      anonymous.get("/auth/providers").forEach(providers::add);
    } catch (ApiException e) {
      if (e.status() != 404) {
        throw e;
      }
    }
    providers.removeIf(p -> Fields.text(p, "cliClientId").isEmpty());
    if (providers.isEmpty()) {
      throw new CliException(ExitCode.USAGE, message("login.noProvider", anonymous.server()));
    }
    return providers;
  }

  private JsonNode choose(List<JsonNode> providers) {
    if (provider == null && providers.size() == 1) {
      return providers.get(0);
    }
    List<String> names = providers.stream().map(p -> Fields.text(p, "name")).toList();
    if (provider == null) {
      throw new CliException(
          ExitCode.USAGE, message("login.chooseProvider", String.join(", ", names)));
    }
    String wanted = provider.toLowerCase(Locale.ROOT);
    List<JsonNode> matching =
        providers.stream()
            .filter(
                p ->
                    Fields.text(p, "name").toLowerCase(Locale.ROOT).contains(wanted)
                        || Fields.text(p, "issuer").equalsIgnoreCase(provider))
            .toList();
    if (matching.size() != 1) {
      throw new CliException(
          ExitCode.USAGE, message("login.unknownProvider", provider, String.join(", ", names)));
    }
    return matching.get(0);
  }

  /** Revokes the API token a previous sign-in through a provider made (best effort). */
  private void forgetPrevious(Credentials next) {
    cli.credentials()
        .load()
        .filter(previous -> previous.tokenId() != null && !previous.tokenId().isEmpty())
        .filter(previous -> !previous.token().equals(next.token()))
        .ifPresent(
            previous -> {
              try {
                cli.anonymous(previous.server())
                    .withToken(previous.token())
                    .delete("/tokens/" + previous.tokenId());
              } catch (CliException e) {
                // expired or already revoked: nothing to undo
              }
            });
  }

  private String readToken() {
    if (!token.equals("-")) {
      return token.strip();
    }
    try {
      String line =
          new BufferedReader(new InputStreamReader(cli.environment().in(), StandardCharsets.UTF_8))
              .readLine();
      if (line == null || line.isBlank()) {
        throw new CliException(ExitCode.USAGE, message("login.emptyToken"));
      }
      return line.strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this computer";
    }
  }
}
