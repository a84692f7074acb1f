package bzh.estran.http;

import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.InvalidRequest;
import bzh.estran.errors.Problem;
import bzh.estran.errors.UnsupportedMediaType;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies into typed records, strictly: only {@code application/json} (else 415),
 * valid UTF-8 JSON, an object, no duplicate key, no NUL character in any string, and every value of
 * the type its field declares. Each mistake is a field error naming the field.
 */
final class Bodies {

  private final JsonMapper mapper;

  Bodies(JsonMapper mapper) {
    this.mapper = mapper;
  }

  <T> T read(Context ctx, Class<T> type) {
    requireJson(ctx.contentType());
    byte[] body = ctx.bodyAsBytes();
    if (new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).isBlank()) {
      throw InvalidRequest.field(
          "body", Problem.of("must_be_a_json_object", "must be a JSON object"));
    }
    JsonNode tree = tree(body);
    if (!tree.isObject()) {
      throw InvalidRequest.field(
          "body", Problem.of("must_be_a_json_object", "must be a JSON object"));
    }
    FieldErrors errors = new FieldErrors();
    noNul(tree, "", errors);
    errors.throwIfAny();
    try {
      return mapper.readValue(body, type);
    } catch (DatabindException e) {
      String field =
          e.getPath().stream()
              .map(
                  ref ->
                      ref.getPropertyName() != null
                          ? "." + ref.getPropertyName()
                          : "[" + ref.getIndex() + "]")
              .collect(Collectors.joining());
      throw InvalidRequest.field(
          field.isEmpty() ? "body" : field.substring(field.startsWith(".") ? 1 : 0),
          Problem.untranslated(problem(e)));
    } catch (InputCoercionException e) {
      throw InvalidRequest.field(pathAt(e), Problem.untranslated(range(e.getTargetType())));
    }
  }

  private static String range(Class<?> target) {
    if (target == Long.class || target == long.class) {
      return "must be an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
    }
    return "must be an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
  }

  /** Refuses a body that does not say it is JSON (in UTF-8, JSON's only encoding). */
  static void requireJson(String contentType) {
    if (contentType == null) {
      throw new UnsupportedMediaType("The body must be sent as Content-Type: application/json.");
    }
    String[] parts = contentType.split(";");
    boolean json = parts[0].trim().equalsIgnoreCase("application/json");
    for (int i = 1; i < parts.length && json; i++) {
      String[] parameter = parts[i].trim().split("=", 2);
      if (parameter[0].trim().equalsIgnoreCase("charset")) {
        String charset = parameter.length > 1 ? parameter[1].trim().replace("\"", "") : "";
        json = charset.equalsIgnoreCase("utf-8");
      }
    }
    if (!json) {
      throw new UnsupportedMediaType(
          "The body must be sent as Content-Type: application/json (UTF-8), not "
              + contentType
              + ".");
    }
  }

  private JsonNode tree(byte[] body) {
    try {
      return mapper.readTree(body);
    } catch (JacksonException e) {
      String message = String.valueOf(e.getOriginalMessage());
      if (message.startsWith("Duplicate")) {
        String field = pathAt(e);
        throw InvalidRequest.field(
            field, Problem.of("appears_more_than_once", "appears more than once"));
      }
      if (message.toLowerCase(Locale.ROOT).contains("utf-8")
          || message.toLowerCase(Locale.ROOT).contains("utf8")) {
        throw InvalidRequest.field("body", Problem.of("is_not_valid_utf_8", "is not valid UTF-8"));
      }
      throw InvalidRequest.field("body", Problem.of("is_not_valid_json", "is not valid JSON"));
    }
  }

  /** The path of the value the parser stopped at (a key that appeared twice, a number too big). */
  private static String pathAt(JacksonException e) {
    if (!(e.processor() instanceof JsonParser parser)) {
      return "body";
    }
    String path = "";
    for (TokenStreamContext context = parser.streamReadContext();
        context != null && !context.inRoot();
        context = context.getParent()) {
      if (context.inArray()) {
        path = "[" + context.getCurrentIndex() + "]" + path;
      } else if (context.currentName() != null) {
        path = context.currentName() + (path.isEmpty() || path.startsWith("[") ? "" : ".") + path;
      }
    }
    return path.isEmpty() ? "body" : path;
  }

  /** Records every string (value or key) that holds a NUL character, which no column can store. */
  private static void noNul(JsonNode node, String path, FieldErrors errors) {
    if (node.isString() && node.asString().indexOf('\0') >= 0) {
      errors.add(
          path.isEmpty() ? "body" : path,
          Problem.of("no_nul", "must not contain the NUL character"));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        noNul(node.get(i), path + "[" + i + "]", errors);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        String child = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
        if (entry.getKey().indexOf('\0') >= 0) {
          errors.add(
              path.isEmpty() ? "body" : path,
              Problem.of("no_nul", "must not contain the NUL character"));
        } else {
          noNul(entry.getValue(), child, errors);
        }
      }
    }
  }

  /** What the field should have been, from the type Jackson was asked for. */
  private static String problem(DatabindException e) {
    if (!(e instanceof MismatchedInputException mismatch) || mismatch.getTargetType() == null) {
      return "has the wrong type or shape";
    }
    Class<?> target = mismatch.getTargetType();
    if (target == Instant.class) {
      return "must be an ISO-8601 UTC time such as 2026-11-28T09:00:00Z, in the years 1 to 9999";
    } else if (target == Integer.class
        || target == int.class
        || target == Long.class
        || target == long.class) {
      return "must be an integer";
    } else if (target == BigDecimal.class || target == Double.class || target == double.class) {
      return "must be a number";
    } else if (target == String.class) {
      return "must be a string";
    } else if (target == Boolean.class || target == boolean.class) {
      return "must be true or false";
    } else if (Collection.class.isAssignableFrom(target) || target.isArray()) {
      return "must be an array";
    }
    return "must be a JSON object";
  }
}
