package bzh.estran.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Estran's Logback configuration, in code (found by Logback through {@code
 * META-INF/services/ch.qos.logback.classic.spi.Configurator}) rather than in a {@code logback.xml}:
 * reading the XML (Joran: an XML parser, then a model, then its processing) took about 40 % of a
 * start's database thread, which the first log call waits for. Lines go to standard output, as text
 * ({@value #TEXT_PATTERN}) or, with {@code ESTRAN_LOG_FORMAT=json}, as one JSON object per line
 * ({@link JsonLogEncoder}); Estran logs from INFO up, the chatty libraries from WARN up.
 *
 * <p>{@code ESTRAN_LOG_FORMAT} is read from the environment here, not from {@code EstranConfig}:
 * Logback configures itself at the first log call, which may come before the configuration is read;
 * {@code EstranConfig} still validates the variable. A Logback configuration file, when there is
 * one, is left to Logback: {@code -Dlogback.configurationFile=...}, or a {@code logback.xml} or
 * {@code logback-test.xml} on the class path (as in the tests).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class LogConfigurator extends ContextAwareBase implements Configurator {

  static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

  /** Libraries that log from WARN up (their INFO lines say nothing an operator needs). */
  static final List<String> QUIET =
      List.of(
          "org.quartz",
          "org.flywaydb",
          "com.zaxxer.hikari",
          "org.eclipse.jetty",
          "io.zonky",
          "io.javalin",
          "io.fabric8.mockwebserver",
          "io.fabric8.kubernetes.client.server.mock",
          "io.vertx",
          "io.netty",
          "org.simplejavamail");

  private static final List<String> CONFIGURATION_FILES =
      List.of("logback-test.xml", "logback.xml");

  private final Function<String, String> environment;
  private final Predicate<String> onClassPath;

  /** The one Logback's service loader makes: the process's environment and class path. */
  public LogConfigurator() {
    this(
        System::getenv,
        resource -> LogConfigurator.class.getClassLoader().getResource(resource) != null);
  }

  LogConfigurator(Function<String, String> environment, Predicate<String> onClassPath) {
    this.environment = environment;
    this.onClassPath = onClassPath;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || CONFIGURATION_FILES.stream().anyMatch(onClassPath)) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    // as the XML's statusListener did: Logback's own start-up messages are not printed
    context.getStatusManager().add(new NopStatusListener());
    boolean json = "json".equals(environment.apply("ESTRAN_LOG_FORMAT"));
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName(json ? "json" : "text");
    console.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    for (String library : QUIET) {
      context.getLogger(library).setLevel(Level.WARN);
    }
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    JsonLogEncoder encoder = new JsonLogEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
