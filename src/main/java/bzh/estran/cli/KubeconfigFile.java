package bzh.estran.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The user's kubeconfig, as kubectl finds it: the first file of {@code $KUBECONFIG}, else {@code
 * ~/.kube/config}. Read as a YAML tree (so nothing Estran does not know is lost) and written back
 * atomically, readable by the user only.
 */
final class KubeconfigFile {

  static final YAMLMapper YAML =
      YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();

  private final Path path;

  private KubeconfigFile(Path path) {
    this.path = path;
  }

  static KubeconfigFile of(CliEnvironment environment) {
    String list = environment.variable("KUBECONFIG");
    if (list != null) {
      for (String entry : list.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          return new KubeconfigFile(Path.of(entry));
        }
      }
    }
    return new KubeconfigFile(environment.home().resolve(".kube").resolve("config"));
  }

  Path path() {
    return path;
  }

  /** Its content, or an empty kubeconfig when the file does not exist yet. */
  ObjectNode read(Messages messages) {
    try {
      if (Files.isRegularFile(path)) {
        String text = Files.readString(path);
        if (!text.isBlank()) {
          JsonNode parsed = YAML.readTree(text);
          if (parsed instanceof ObjectNode object) {
            return object;
          }
          throw new CliException(
              ExitCode.ERROR, messages.get("kubeconfig.unreadable", path, "not a mapping"));
        }
      }
    } catch (JacksonException e) {
      throw new CliException(
          ExitCode.ERROR, messages.get("kubeconfig.unreadable", path, e.getOriginalMessage()), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode empty = YAML.createObjectNode();
    empty.put("apiVersion", "v1");
    empty.put("kind", "Config");
    empty.putArray("clusters");
    empty.putArray("contexts");
    empty.putArray("users");
    empty.put("current-context", "");
    empty.putObject("preferences");
    return empty;
  }

  /** Replaces the file with {@code config}, mode 0600, creating its directory if needed. */
  void write(ObjectNode config) {
    try {
      Path directory = path.toAbsolutePath().getParent();
      Files.createDirectories(directory);
      CredentialStore.writePrivately(path, YAML.writeValueAsString(config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
