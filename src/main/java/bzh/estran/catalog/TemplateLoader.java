package bzh.estran.catalog;

import bzh.estran.catalog.core.Catalog;
import bzh.estran.catalog.core.ManifestTemplate;
import bzh.estran.catalog.core.Template;
import bzh.estran.catalog.core.TemplateException;
import bzh.estran.catalog.core.TemplateValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reads the template catalog from disk: each sub-directory {@code <root>/<name>/} holds a
 * descriptor {@code template.yaml} and any number of manifest files ({@code *.yaml}, {@code
 * *.yml}), applied in file-name order.
 *
 * <p>Hidden entries and other files are ignored. Loading stops at the first problem, reported as a
 * {@link TemplateException} whose file is {@code root} resolved against the faulty file's path.
 */
public final class TemplateLoader {

  static final String DESCRIPTOR = "template.yaml";

  private final TemplateValidator validator;

  public TemplateLoader(TemplateValidator validator) {
    this.validator = validator;
  }

  /**
   * Loads and validates every template under {@code root}.
   *
   * @throws TemplateException if {@code root} holds no template, or a template is invalid
   */
  public Catalog load(Path root) {
    List<Path> directories = list(root, Files::isDirectory);
    if (directories.isEmpty()) {
      throw new TemplateException(
          root.toString(), 0, "no templates found (expected <name>/" + DESCRIPTOR + ")");
    }
    List<Template> templates = new ArrayList<>();
    for (Path directory : directories) {
      templates.add(loadTemplate(root, directory));
    }
    return new Catalog(templates);
  }

  private Template loadTemplate(Path root, Path directory) {
    String name = directory.getFileName().toString();
    Path descriptor = directory.resolve(DESCRIPTOR);
    if (!Files.isRegularFile(descriptor)) {
      throw new TemplateException(descriptor.toString(), 0, "missing template descriptor");
    }
    List<ManifestTemplate> manifests = new ArrayList<>();
    for (Path file : list(directory, TemplateLoader::isManifest)) {
      manifests.add(new ManifestTemplate(name + "/" + file.getFileName(), read(file)));
    }
    try {
      return validator.validate(name, name + "/" + DESCRIPTOR, read(descriptor), manifests);
    } catch (TemplateException e) {
      throw new TemplateException(root.resolve(e.file()).toString(), e.line(), e.reason(), e);
    }
  }

  private static boolean isManifest(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file)
        && !name.equals(DESCRIPTOR)
        && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  /** The non-hidden entries of {@code directory} that match, sorted by name. */
  private static List<Path> list(Path directory, Predicate<Path> filter) {
    if (!Files.isDirectory(directory)) {
      throw new TemplateException(directory.toString(), 0, "not a directory");
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries
          .filter(entry -> !entry.getFileName().toString().startsWith("."))
          .filter(filter)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new TemplateException(directory.toString(), 0, "cannot list: " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TemplateException(file.toString(), 0, "cannot read: " + e, e);
    }
  }
}
