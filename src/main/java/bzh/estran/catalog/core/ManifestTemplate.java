package bzh.estran.catalog.core;

import java.util.Objects;

/**
 * One manifest file of a template, as written: YAML (possibly several documents separated by {@code
 * ---}) with {@code ${NAME}} placeholders from {@link TemplateVariables#NAMES}.
 *
 * @param file path relative to the templates root, with {@code /} separators, e.g. {@code
 *     web-app/app.yaml}
 * @param text the file's content
 */
public record ManifestTemplate(String file, String text) {

  public ManifestTemplate {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(text, "text");
  }
}
