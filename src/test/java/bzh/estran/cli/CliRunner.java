package bzh.estran.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the {@code estran} CLI in this JVM, as a user would from a shell: its own home directory
 * (credentials, {@code ~/.kube/config}), environment variables, locale, and a "browser" the test
 * provides.
 */
final class CliRunner {

  /** What one command printed and returned. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private final Path home;
  private final Map<String, String> variables = new HashMap<>();
  private Locale locale = Locale.ENGLISH;
  private Consumer<URI> browser = address -> {};
  private Clock clock = Clock.systemUTC();
  private String input = "";

  CliRunner(Path home) {
    this.home = home;
  }

  CliRunner variable(String name, String value) {
    variables.put(name, value);
    return this;
  }

  CliRunner locale(Locale chosen) {
    this.locale = chosen;
    return this;
  }

  CliRunner browser(Consumer<URI> opener) {
    this.browser = opener;
    return this;
  }

  CliRunner clock(Clock chosen) {
    this.clock = chosen;
    return this;
  }

  CliRunner input(String text) {
    this.input = text;
    return this;
  }

  Path home() {
    return home;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment =
        new CliEnvironment(
            Map.copyOf(variables),
            home,
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            locale,
            clock,
            ZoneId.of("Europe/Paris"),
            browser,
            Duration.ofMillis(100),
            false);
    int code = EstranCli.run(environment, args);
    return new Result(code, out.toString(), err.toString());
  }
}
