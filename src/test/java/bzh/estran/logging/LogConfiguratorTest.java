package bzh.estran.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Logging configured in code: the same lines, levels and text/JSON switch as the former XML. */
class LogConfiguratorTest {

  @Test
  void logbackFindsItAsAService() {
    assertThat(ServiceLoader.load(Configurator.class))
        .anyMatch(configurator -> configurator instanceof LogConfigurator);
  }

  @Test
  void textLinesByDefault() {
    LoggerContext context = configured(Map.of());

    String line =
        encode(context, "text", "bzh.estran.sandbox.SandboxReconciler", "sandbox {} ready");

    assertThat(line)
        .matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  b\\.e\\.s\\.SandboxReconciler - sandbox tp-1 ready\\n");
  }

  @Test
  void jsonLinesWhenAsked() {
    LoggerContext context = configured(Map.of("ESTRAN_LOG_FORMAT", "json"));

    JsonNode json =
        new ObjectMapper().readTree(encode(context, "json", "bzh.estran.Test", "sandbox {} ready"));

    assertThat(json.path("date").asString()).endsWith("Z");
    assertThat(json.path("level").asString()).isEqualTo("INFO");
    assertThat(json.path("formattedMessage").asString()).isEqualTo("sandbox tp-1 ready");
    assertThat(json.has("message")).isFalse();
    assertThat(json.has("arguments")).isFalse();
    assertThat(json.has("sequenceNumber")).isFalse();
    assertThat(json.has("context")).isFalse();
  }

  @Test
  void estranFromInfoTheChattyLibrariesFromWarn() {
    LoggerContext context = configured(Map.of());

    assertThat(context.getLogger("bzh.estran.Estran").isInfoEnabled()).isTrue();
    assertThat(context.getLogger("org.flywaydb.core.FlywayExecutor").isInfoEnabled()).isFalse();
    assertThat(context.getLogger("org.quartz.core.QuartzScheduler").isWarnEnabled()).isTrue();
    assertThat(context.getLogger("com.zaxxer.hikari.HikariDataSource").getEffectiveLevel())
        .isEqualTo(Level.WARN);
  }

  @Test
  void aConfigurationFileOnTheClassPathIsLeftToLogback() {
    LoggerContext context = new LoggerContext();
    LogConfigurator configurator =
        new LogConfigurator(Map.<String, String>of()::get, Set.of("logback.xml")::contains);
    configurator.setContext(context);

    assertThat(configurator.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders()).isExhausted();
  }

  private static LoggerContext configured(Map<String, String> environment) {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter()); // as Logback's own start gives it one
    LogConfigurator configurator = new LogConfigurator(environment::get, resource -> false);
    configurator.setContext(context);
    assertThat(configurator.configure(context))
        .isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    return context;
  }

  /** The line the root logger's appender (which must be named {@code appender}) writes. */
  private static String encode(
      LoggerContext context, String appender, String logger, String message) {
    OutputStreamAppender<ILoggingEvent> console =
        (OutputStreamAppender<ILoggingEvent>)
            context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(appender);
    assertThat(console).as("appender %s", appender).isNotNull();
    LoggingEvent event =
        new LoggingEvent(
            "fqcn", context.getLogger(logger), Level.INFO, message, null, new Object[] {"tp-1"});
    return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
  }
}
