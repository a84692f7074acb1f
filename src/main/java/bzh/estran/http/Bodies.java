package bzh.estran.http;

import bzh.estran.errors.InvalidRequest;
import io.javalin.http.Context;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

/** Reads request bodies into typed records, turning JSON mistakes into field errors. */
final class Bodies {

  private final JsonMapper mapper;

  Bodies(JsonMapper mapper) {
    this.mapper = mapper;
  }

  <T> T read(Context ctx, Class<T> type) {
    String body = ctx.body();
    if (body.isBlank()) {
      throw InvalidRequest.field("body", "must be a JSON object");
    }
    try {
      T value = mapper.readValue(body, type);
      if (value == null) {
        throw InvalidRequest.field("body", "must be a JSON object");
      }
      return value;
    } catch (DatabindException e) {
      String field =
          e.getPath().stream()
              .map(
                  ref ->
                      ref.getPropertyName() != null
                          ? ref.getPropertyName()
                          : "[" + ref.getIndex() + "]")
              .collect(Collectors.joining("."));
      throw InvalidRequest.field(field.isEmpty() ? "body" : field, "has the wrong type or shape");
    } catch (JacksonException e) {
      throw InvalidRequest.field("body", "is not valid JSON");
    }
  }
}
