package bzh.estran.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small template directories for tests. */
final class TemplateFixtures {

  private final Path root;

  TemplateFixtures(Path root) {
    this.root = root;
  }

  /** A valid descriptor for a template named {@code name}. */
  static String descriptor(String name) {
    return """
    name: %s
    description: A template for tests.
    size: {cpu: 1, memoryGiB: 2, storageGiB: 5}
    defaultDuration: PT8H
    maxDuration: P7D
    """
        .formatted(name);
  }

  /** A valid ConfigMap document named {@code name}. */
  static String configMap(String name) {
    return """
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: %s
    data:
      owner: ${OWNER}
    """
        .formatted(name);
  }

  /** Writes {@code <root>/<template>/<file>} and returns the path. */
  Path write(String template, String file, String text) {
    try {
      Path path = root.resolve(template).resolve(file);
      Files.createDirectories(path.getParent());
      return Files.writeString(path, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a template with a valid descriptor and one manifest {@code app.yaml}. */
  Path writeTemplate(String template, String manifest) {
    write(template, "template.yaml", descriptor(template));
    return write(template, "app.yaml", manifest);
  }
}
