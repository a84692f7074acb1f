package bzh.estran.cli;

import bzh.estran.cli.core.DurationInput;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * What every command shares: the environment, the messages, the saved credentials, the output
 * format chosen with {@code -o}, and the API client they give.
 */
public final class Cli {

  /** Where {@code estran login} goes when given no address and none is saved: dev mode. */
  static final String DEFAULT_SERVER = "http://localhost:7070";

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .build();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final CliEnvironment environment;
  private final Messages messages;
  private final CredentialStore credentials;
  private OutputFormat format = OutputFormat.table;

  Cli(CliEnvironment environment) {
    this.environment = environment;
    this.messages = new Messages(environment.locale());
    this.credentials = new CredentialStore(environment);
  }

  public CliEnvironment environment() {
    return environment;
  }

  public Messages messages() {
    return messages;
  }

  public CredentialStore credentials() {
    return credentials;
  }

  public OutputFormat format() {
    return format;
  }

  void format(OutputFormat chosen) {
    this.format = chosen;
  }

  /**
   * The API as the signed-in user: {@code ESTRAN_URL} and {@code ESTRAN_TOKEN} when set (for
   * scripts and CI), else the saved credentials; not signed in is exit code 3.
   */
  public ApiClient api() {
    Optional<Credentials> saved = credentials.load();
    String token = environment.variable("ESTRAN_TOKEN");
    if (token == null) {
      token = saved.map(Credentials::token).orElse(null);
    }
    if (token == null) {
      throw new CliException(ExitCode.UNAUTHORIZED, messages.get("error.notSignedIn"));
    }
    return anonymous(server(null)).withToken(token);
  }

  /** The API without a token, at {@code server}. */
  public ApiClient anonymous(String server) {
    return new ApiClient(environment.httpClient(), server, null, messages);
  }

  /**
   * The Estran address: {@code given} if not null, else {@code ESTRAN_URL}, else the saved one,
   * else dev mode's {@code http://localhost:7070}; without a trailing slash or {@code /api/v1}.
   */
  public String server(String given) {
    String server = given;
    if (server == null) {
      server = environment.variable("ESTRAN_URL");
    }
    if (server == null) {
      server = credentials.load().map(Credentials::server).orElse(DEFAULT_SERVER);
    }
    server = server.strip();
    if (!server.contains("://")) {
      server =
          (server.startsWith("localhost") || server.startsWith("127.") ? "http://" : "https://")
              + server;
    }
    while (server.endsWith("/")) {
      server = server.substring(0, server.length() - 1);
    }
    if (server.endsWith("/api/v1")) {
      server = server.substring(0, server.length() - "/api/v1".length());
    }
    return server;
  }

  /** Prints {@code data} as JSON or YAML when asked, else the human text {@code human} makes. */
  public void print(JsonNode data, Supplier<String> human) {
    switch (format) {
      case json -> out(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(data));
      case yaml -> environment.out().print(YAML.writeValueAsString(data));
      default -> environment.out().print(human.get());
    }
    environment.out().flush();
  }

  /** A line on standard output. */
  public void out(String line) {
    environment.out().println(line);
    environment.out().flush();
  }

  /** A line on standard error: progress, hints and errors, never data. */
  public void err(String line) {
    environment.err().println(line);
    environment.err().flush();
  }

  /** An API instant as local time, {@code 2026-11-28 22:05}; empty for none. */
  public String time(String instant) {
    Optional<Instant> parsed = instant(instant);
    return parsed.map(at -> TIME.format(at.atZone(environment.zone()))).orElse("");
  }

  /** {@code 2026-11-28 22:05 (in 3h 59m)}, or {@code (… ago)} when past. */
  public String timeWithDistance(String instant) {
    Optional<Instant> parsed = instant(instant);
    if (parsed.isEmpty()) {
      return "";
    }
    Duration left = Duration.between(environment.clock().instant(), parsed.get());
    String distance =
        left.isNegative()
            ? messages.get("time.ago", DurationInput.human(left.negated()))
            : messages.get("time.in", DurationInput.human(left));
    return time(instant) + " (" + distance + ")";
  }

  static Optional<Instant> instant(String text) {
    if (text == null || text.isBlank() || text.equals("null")) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
