package bzh.estran.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdDeserializer;

/**
 * Reads an {@link Instant} from an ISO-8601 string only (never from an epoch number), within the
 * years 1 to 9999, well inside what PostgreSQL's {@code timestamptz} stores.
 */
final class StrictInstants extends StdDeserializer<Instant> {

  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  StrictInstants() {
    super(Instant.class);
  }

  @Override
  public Instant deserialize(JsonParser parser, DeserializationContext context) {
    if (!parser.hasToken(JsonToken.VALUE_STRING)) {
      return (Instant) context.handleUnexpectedToken(Instant.class, parser);
    }
    String text = parser.getString();
    Instant instant;
    try {
      instant = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw context.weirdStringException(text, Instant.class, "not an ISO-8601 time");
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw context.weirdStringException(text, Instant.class, "outside the years 1 to 9999");
    }
    return instant;
  }
}
