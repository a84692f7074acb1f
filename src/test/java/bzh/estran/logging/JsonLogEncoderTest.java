package bzh.estran.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** JSON log lines carry an ISO-8601 date and the formatted message. */
class JsonLogEncoderTest {

  @Test
  void aLineIsOneJsonObjectWithItsDate() {
    LoggerContext context = new LoggerContext();
    JsonLogEncoder encoder = new JsonLogEncoder();
    encoder.setContext(context);
    encoder.setWithFormattedMessage(true);
    encoder.setWithMDC(false);
    encoder.start();
    LoggingEvent event =
        new LoggingEvent(
            "fqcn",
            context.getLogger("bzh.estran.Test"),
            Level.WARN,
            "sandbox {} \"failed\"",
            null,
            new Object[] {"tp-kube"});
    event.setTimeStamp(1_796_161_812_718L);

    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertThat(line).endsWith("\n").doesNotContain("\n{");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.path("date").asString()).isEqualTo("2026-12-01T21:50:12.718Z");
    assertThat(json.path("level").asString()).isEqualTo("WARN");
    assertThat(json.path("formattedMessage").asString()).isEqualTo("sandbox tp-kube \"failed\"");
  }
}
