package bzh.estran.catalog.core;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The YAML reading shared by validation and rendering, with problems located in the file. */
final class Yaml {

  private final YAMLMapper mapper =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  YAMLMapper mapper() {
    return mapper;
  }

  /** Parses a document into a tree, or reports the parser's complaint at its line. */
  JsonNode parse(ManifestDocument document) {
    try {
      return mapper.readTree(document.text());
    } catch (JacksonException e) {
      throw located(document, "invalid YAML: ", e);
    }
  }

  /**
   * The line (in {@code document}) of each mapping key down to {@code depth} levels, by dotted
   * path: {@code kind}, {@code metadata.name}... The text must be valid YAML.
   */
  Map<String, Integer> keyLines(ManifestDocument document, int depth) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = mapper.createParser(document.text())) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        collectKeyLines(parser, document, "", depth, lines);
      }
    }
    return lines;
  }

  private static void collectKeyLines(
      JsonParser parser,
      ManifestDocument document,
      String prefix,
      int depth,
      Map<String, Integer> lines) {
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String path = prefix + parser.currentName();
      lines.putIfAbsent(path, document.fileLine(parser.currentTokenLocation().getLineNr()));
      if (parser.nextToken() == JsonToken.START_OBJECT && depth > 1) {
        collectKeyLines(parser, document, path + ".", depth - 1, lines);
      } else {
        parser.skipChildren();
      }
    }
  }

  /** A {@link TemplateException} at the line Jackson points to, with its message made short. */
  static TemplateException located(ManifestDocument document, String prefix, JacksonException e) {
    int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    return new TemplateException(document.file(), document.fileLine(line), prefix + summary(e), e);
  }

  /** Jackson's message without SnakeYAML's own (document-relative) positions and snippets. */
  private static String summary(JacksonException e) {
    String message = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
    return message
        .lines()
        .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
        .collect(Collectors.joining("; "));
  }
}
