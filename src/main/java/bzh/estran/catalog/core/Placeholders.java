package bzh.estran.catalog.core;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds and replaces the {@code ${NAME}} references of manifest text. */
final class Placeholders {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}\\n]*)}");

  private Placeholders() {}

  /**
   * Refuses the first reference to a name outside {@link TemplateVariables#NAMES}, or an opening
   * {@code ${} left unclosed on its line.
   */
  static void checkAllowed(String file, String text) {
    String[] lines = text.split("\n", -1);
    for (int index = 0; index < lines.length; index++) {
      Matcher reference = REFERENCE.matcher(lines[index]);
      while (reference.find()) {
        String name = reference.group(1);
        if (!TemplateVariables.isAllowed(name)) {
          throw new TemplateException(
              file,
              index + 1,
              "unknown variable ${"
                  + name
                  + "} (allowed: "
                  + String.join(", ", TemplateVariables.NAMES)
                  + ")");
        }
      }
      if (reference.reset().replaceAll("").contains("${")) {
        throw new TemplateException(file, index + 1, "unclosed variable reference '${'");
      }
    }
  }

  /**
   * Replaces every reference by its value.
   *
   * @throws IllegalArgumentException if a referenced name has no value
   */
  static String substitute(String text, Map<String, String> values) {
    return REFERENCE
        .matcher(text)
        .replaceAll(reference -> Matcher.quoteReplacement(valueOf(reference.group(1), values)));
  }

  private static String valueOf(String name, Map<String, String> values) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no value for ${" + name + "}");
    }
    return value;
  }
}
