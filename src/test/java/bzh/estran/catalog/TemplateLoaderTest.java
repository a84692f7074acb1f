package bzh.estran.catalog;

import static bzh.estran.catalog.TemplateFixtures.configMap;
import static bzh.estran.catalog.TemplateFixtures.descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bzh.estran.catalog.core.Catalog;
import bzh.estran.catalog.core.ManifestTemplate;
import bzh.estran.catalog.core.Size;
import bzh.estran.catalog.core.Template;
import bzh.estran.catalog.core.TemplateException;
import bzh.estran.catalog.core.TemplateValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the loader finds templates on disk. */
class TemplateLoaderTest {

  @TempDir Path root;
  private TemplateFixtures fixtures;
  private final TemplateLoader loader = new TemplateLoader(new TemplateValidator());

  @BeforeEach
  void setUp() {
    fixtures = new TemplateFixtures(root);
  }

  @Test
  void readsTheDescriptorAndTheManifestsInFileNameOrder() {
    fixtures.write("demo", "template.yaml", descriptor("demo"));
    fixtures.write("demo", "b.yml", configMap("b"));
    fixtures.write("demo", "a.yaml", configMap("a"));
    fixtures.write("demo", "notes.md", "not a manifest");
    fixtures.write("demo", ".hidden.yaml", "not: a manifest");
    fixtures.write(".git", "template.yaml", "not a template");

    Catalog catalog = loader.load(root);

    assertThat(catalog.templates())
        .containsExactly(
            new Template(
                "demo",
                "A template for tests.",
                Size.of("1", "2", "5"),
                Duration.ofHours(8),
                Duration.ofDays(7),
                List.of(
                    new ManifestTemplate("demo/a.yaml", configMap("a")),
                    new ManifestTemplate("demo/b.yml", configMap("b")))));
  }

  @Test
  void acceptsATemplateWithoutManifests() {
    fixtures.write("bare", "template.yaml", descriptor("bare"));

    assertThat(loader.load(root).find("bare").orElseThrow().manifests()).isEmpty();
  }

  @Test
  void skipsEmptyDocuments() {
    fixtures.writeTemplate("multi", "---\n# nothing here\n---\n" + configMap("a") + "---\n\n");

    assertThat(loader.load(root).find("multi")).isPresent();
  }

  @Test
  void refusesAnEmptyRoot() {
    assertThatThrownBy(() -> loader.load(root))
        .isInstanceOf(TemplateException.class)
        .hasMessage(root + ": no templates found (expected <name>/template.yaml)");
  }

  @Test
  void refusesAMissingRoot() {
    Path missing = root.resolve("nowhere");

    assertThatThrownBy(() -> loader.load(missing))
        .isInstanceOf(TemplateException.class)
        .hasMessage(missing + ": not a directory");
  }

  @Test
  void refusesADirectoryWithoutDescriptor() throws IOException {
    Files.createDirectories(root.resolve("empty"));

    assertThatThrownBy(() -> loader.load(root))
        .isInstanceOf(TemplateException.class)
        .hasMessage(root.resolve("empty/template.yaml") + ": missing template descriptor");
  }
}
