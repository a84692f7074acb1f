package bzh.estran.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything the CLI takes from the world around it, so that tests can run it in-process with their
 * own: environment variables, home directory, streams, locale, clock, time zone, the way a browser
 * is opened, and how long to pause between polls.
 *
 * @param variables environment variables ({@code ESTRAN_URL}, {@code ESTRAN_TOKEN}, {@code
 *     KUBECONFIG}, {@code XDG_CONFIG_HOME})
 * @param home the user's home directory
 * @param in standard input (for {@code --token -})
 * @param out standard output: results
 * @param err standard error: progress and errors
 * @param locale language of the messages
 * @param zone time zone of the times shown
 * @param browser opens an address in the user's browser (may do nothing)
 * @param pollInterval pause between two polls of a sandbox being provisioned
 * @param terminal true when standard output is an interactive terminal (live redrawing)
 */
public record CliEnvironment(
    Map<String, String> variables,
    Path home,
    InputStream in,
    PrintWriter out,
    PrintWriter err,
    Locale locale,
    Clock clock,
    ZoneId zone,
    Consumer<URI> browser,
    Duration pollInterval,
    boolean terminal) {

  /** The real process's environment. */
  public static CliEnvironment system() {
    Charset charset = charset(System.getenv());
    return new CliEnvironment(
        System.getenv(),
        home(System.getenv()),
        System.in,
        new PrintWriter(System.out, true, charset),
        new PrintWriter(System.err, true, charset),
        locale(System.getenv()),
        Clock.systemUTC(),
        ZoneId.systemDefault(),
        Browsers::open,
        Duration.ofMillis(500),
        System.console() != null && !"dumb".equals(System.getenv("TERM")));
  }

  /**
   * {@code $HOME} when set, as kubectl and the shell take it (Java's {@code user.home} comes from
   * the password database instead), else {@code user.home}.
   */
  static Path home(Map<String, String> variables) {
    String home = variables.get("HOME");
    return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
  }

  /**
   * UTF-8 when the locale variables say so ({@code fr_FR.UTF-8}), even where that locale is not
   * installed and the JVM would fall back to ASCII; else the JVM's default.
   */
  static Charset charset(Map<String, String> variables) {
    for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
      String value = variables.get(name);
      if (value != null && !value.isBlank()) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.contains("utf-8") || lower.contains("utf8")
            ? java.nio.charset.StandardCharsets.UTF_8
            : Charset.defaultCharset();
      }
    }
    return Charset.defaultCharset();
  }

  /**
   * The language of the messages as gettext picks it: the first of {@code LC_ALL}, {@code
   * LC_MESSAGES}, {@code LANG} that is set ({@code fr_FR.UTF-8} is French; {@code C} and {@code
   * POSIX} are English), else the JVM's default. Read from the variables themselves, since the JVM
   * falls back to English when that locale is not installed on the machine.
   */
  static Locale locale(Map<String, String> variables) {
    for (String name : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
      String value = variables.get(name);
      if (value != null && !value.isBlank()) {
        String language = value.split("[_.@]")[0].toLowerCase(Locale.ROOT);
        return language.equals("c") || language.equals("posix")
            ? Locale.ENGLISH
            : Locale.forLanguageTag(language);
      }
    }
    return Locale.getDefault();
  }

  /** The value of an environment variable, or null when unset or empty. */
  public String variable(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** A new HTTP client (HTTP/1.1, following no redirects, 10 s to connect). */
  public HttpClient httpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }
}
