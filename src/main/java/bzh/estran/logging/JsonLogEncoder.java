package bzh.estran.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Logback's JSON encoder (one object per line), with the event's date as ISO-8601 UTC in a leading
 * {@code "date"} member besides Logback's epoch-millisecond {@code timestamp}, so that people and
 * log stores read it as is. Chosen with {@code ESTRAN_LOG_FORMAT=json}.
 */
public final class JsonLogEncoder extends JsonEncoder {

  @Override
  public byte[] encode(ILoggingEvent event) {
    String json = new String(super.encode(event), StandardCharsets.UTF_8);
    String date = Instant.ofEpochMilli(event.getTimeStamp()).toString();
    return ("{\"date\":\"" + date + "\"," + json.substring(json.indexOf('{') + 1))
        .getBytes(StandardCharsets.UTF_8);
  }
}
