package bzh.estran.cli;

import bzh.estran.cli.core.KubeconfigMerge;
import bzh.estran.cli.core.KubeconfigMerge.SandboxContext;
import java.time.Instant;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Putting a sandbox's kubeconfig into the user's kubeconfig file (and taking it out), as {@code
 * vcluster connect} does: merged beside what is there, made the current context, expired sandboxes'
 * contexts cleaned on the way.
 */
final class Connection {

  private final Cli cli;
  private final ApiClient api;
  private final KubeconfigFile file;

  Connection(Cli cli, ApiClient api) {
    this.cli = cli;
    this.api = api;
    this.file = KubeconfigFile.of(cli.environment());
  }

  KubeconfigFile file() {
    return file;
  }

  /** The sandbox's kubeconfig as the API gives it. */
  String download(JsonNode sandbox) {
    return api.text("/sandboxes/" + Fields.text(sandbox, "id") + "/kubeconfig");
  }

  /** Merges the sandbox's kubeconfig and switches to it; returns the context's name. */
  String connect(JsonNode sandbox) {
    return merge(sandbox, true);
  }

  /**
   * Replaces the sandbox's entries with a fresh kubeconfig (after an extension) when it is in the
   * file, without switching to it; true if it was there.
   */
  boolean refreshIfConnected(JsonNode sandbox) {
    ObjectNode config = file.read(cli.messages());
    String id = Fields.text(sandbox, "id");
    boolean present =
        KubeconfigMerge.sandboxContexts(config).stream().anyMatch(c -> c.id().equals(id));
    if (present) {
      merge(sandbox, false);
    }
    return present;
  }

  private String merge(JsonNode sandbox, boolean switchTo) {
    JsonNode incoming;
    try {
      incoming = KubeconfigFile.YAML.readTree(download(sandbox));
    } catch (JacksonException e) {
      throw new CliException(
          ExitCode.ERROR,
          cli.messages().get("kubeconfig.unreadable", "API", e.getOriginalMessage()));
    }
    ObjectNode config = file.read(cli.messages());
    String previous = config.path("current-context").asString("");
    Instant now = cli.environment().clock().instant();
    List<SandboxContext> expired = KubeconfigMerge.remove(config, c -> c.expiredAt(now));
    String id = Fields.text(sandbox, "id");
    KubeconfigMerge.remove(config, c -> c.id().equals(id));
    KubeconfigMerge.merge(config, incoming);
    String context = incoming.path("current-context").asString();
    if (!switchTo) {
      config.put("current-context", previous);
    }
    file.write(config);
    for (SandboxContext gone : expired) {
      cli.err(cli.messages().get("connect.cleaned", gone.context()));
    }
    return context;
  }

  /** What {@code connect} tells the user once the context is current. */
  String connected(JsonNode sandbox, String context) {
    return cli.messages()
            .get(
                "connect.done",
                context,
                file.path(),
                Fields.text(sandbox, "namespace"),
                cli.timeWithDistance(Fields.text(sandbox, "expiresAt")))
        + "\n"
        + cli.messages().get("connect.next")
        + "\n"
        + cli.messages().get("connect.yours")
        + "\n";
  }

  /** Takes the contexts of the sandbox with this id out of the file; what was removed. */
  List<SandboxContext> disconnect(String id) {
    ObjectNode config = file.read(cli.messages());
    List<SandboxContext> removed = KubeconfigMerge.remove(config, c -> c.id().equals(id));
    if (!removed.isEmpty()) {
      file.write(config);
    }
    return removed;
  }

  /** Takes every sandbox context out of the file. */
  List<SandboxContext> disconnectAll() {
    ObjectNode config = file.read(cli.messages());
    List<SandboxContext> removed = KubeconfigMerge.remove(config, c -> true);
    if (!removed.isEmpty()) {
      file.write(config);
    }
    return removed;
  }

  /** The sandbox context that is current in the file, if it is one. */
  java.util.Optional<SandboxContext> current() {
    ObjectNode config = file.read(cli.messages());
    String current = config.path("current-context").asString("");
    return KubeconfigMerge.sandboxContexts(config).stream()
        .filter(c -> c.context().equals(current))
        .findFirst();
  }
}
