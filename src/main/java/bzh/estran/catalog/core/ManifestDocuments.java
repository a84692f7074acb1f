package bzh.estran.catalog.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits manifest text into its YAML documents at {@code ---} (or {@code ...}) lines, keeping where
 * each starts so that problems can be reported with file lines.
 */
final class ManifestDocuments {

  private ManifestDocuments() {}

  /** The documents of {@code manifest} that hold more than blank and comment lines. */
  static List<ManifestDocument> split(ManifestTemplate manifest) {
    List<ManifestDocument> documents = new ArrayList<>();
    String[] lines = manifest.text().split("\n", -1);
    int start = 0;
    for (int index = 0; index <= lines.length; index++) {
      if (index == lines.length || isSeparator(manifest.file(), lines[index], index + 1)) {
        addIfNotEmpty(documents, manifest.file(), lines, start, index);
        start = index + 1;
      }
    }
    return List.copyOf(documents);
  }

  private static boolean isSeparator(String file, String line, int lineNumber) {
    if (!line.startsWith("---") && !line.startsWith("...")) {
      return false;
    }
    String rest = line.substring(3);
    if (rest.isEmpty() || Character.isWhitespace(rest.charAt(0))) {
      if (!isBlankOrComment(rest)) {
        throw new TemplateException(
            file,
            lineNumber,
            "start the document on the line after '" + line.substring(0, 3) + "'");
      }
      return true;
    }
    return false;
  }

  private static void addIfNotEmpty(
      List<ManifestDocument> documents, String file, String[] lines, int from, int to) {
    int first = from;
    while (first < to && isBlankOrComment(lines[first])) {
      first++;
    }
    if (first < to) {
      String text = String.join("\n", List.of(lines).subList(first, to)) + "\n";
      documents.add(new ManifestDocument(file, first + 1, text));
    }
  }

  private static boolean isBlankOrComment(String line) {
    String stripped = line.strip();
    return stripped.isEmpty() || stripped.startsWith("#");
  }
}
