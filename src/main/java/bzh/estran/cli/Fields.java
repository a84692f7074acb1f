package bzh.estran.cli;

import tools.jackson.databind.JsonNode;

/** Reading the API's JSON leniently: absent and null fields read as empty text. */
final class Fields {

  private Fields() {}

  /** The field as text, {@code ""} when absent or null. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asString();
  }
}
