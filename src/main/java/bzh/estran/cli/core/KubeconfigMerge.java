package bzh.estran.cli.core;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges a sandbox's kubeconfig into a user's kubeconfig and takes sandboxes out again, on the
 * parsed YAML trees, keeping every other entry and field as it was. Sandbox contexts are the ones
 * carrying the {@value #EXTENSION} extension that Estran writes.
 */
public final class KubeconfigMerge {

  /** The context extension of a sandbox kubeconfig: {@code {id, name, namespace, expiresAt}}. */
  public static final String EXTENSION = "estran.bzh/sandbox";

  private static final List<String> SECTIONS = List.of("clusters", "users", "contexts");

  private KubeconfigMerge() {}

  /** A sandbox context found in a kubeconfig. */
  public record SandboxContext(
      String context, String id, String name, Optional<Instant> expiresAt) {

    /** True when the sandbox's expiry is known and not after {@code now}. */
    public boolean expiredAt(Instant now) {
      return expiresAt.map(at -> !at.isAfter(now)).orElse(false);
    }
  }

  /**
   * Copies the clusters, users and contexts of {@code incoming} into {@code target}, replacing
   * entries of the same name, and makes {@code incoming}'s current context the current one.
   */
  public static void merge(ObjectNode target, JsonNode incoming) {
    if (!target.has("apiVersion")) {
      target.put("apiVersion", "v1");
    }
    if (!target.has("kind")) {
      target.put("kind", "Config");
    }
    for (String section : SECTIONS) {
      ArrayNode entries = section(target, section);
      for (JsonNode entry : incoming.path(section)) {
        String name = entry.path("name").asString();
        remove(entries, existing -> existing.path("name").asString().equals(name));
        entries.add(entry.deepCopy());
      }
    }
    JsonNode current = incoming.path("current-context");
    if (current.isString()) {
      target.put("current-context", current.asString());
    }
  }

  /** The sandbox contexts of a kubeconfig, in file order. */
  public static List<SandboxContext> sandboxContexts(JsonNode config) {
    List<SandboxContext> found = new ArrayList<>();
    for (JsonNode context : config.path("contexts")) {
      for (JsonNode extension : context.path("context").path("extensions")) {
        if (EXTENSION.equals(extension.path("name").asString())) {
          JsonNode fields = extension.path("extension");
          found.add(
              new SandboxContext(
                  context.path("name").asString(),
                  fields.path("id").asString(),
                  fields.path("name").asString(),
                  instant(fields.path("expiresAt").asString())));
        }
      }
    }
    return found;
  }

  /**
   * Removes the contexts of the sandboxes {@code which} selects, with the cluster and user entries
   * that only they used; clears the current context if it was one of them. Returns the contexts
   * removed.
   */
  public static List<SandboxContext> remove(ObjectNode config, Predicate<SandboxContext> which) {
    List<SandboxContext> removed = sandboxContexts(config).stream().filter(which).toList();
    if (removed.isEmpty()) {
      return removed;
    }
    Set<String> names = new HashSet<>();
    removed.forEach(context -> names.add(context.context()));
    ArrayNode contexts = section(config, "contexts");
    Set<String> clusters = new HashSet<>();
    Set<String> users = new HashSet<>();
    for (JsonNode context : contexts) {
      if (names.contains(context.path("name").asString())) {
        clusters.add(context.path("context").path("cluster").asString());
        users.add(context.path("context").path("user").asString());
      }
    }
    remove(contexts, context -> names.contains(context.path("name").asString()));
    for (JsonNode context : contexts) {
      clusters.remove(context.path("context").path("cluster").asString());
      users.remove(context.path("context").path("user").asString());
    }
    remove(section(config, "clusters"), entry -> clusters.contains(entry.path("name").asString()));
    remove(section(config, "users"), entry -> users.contains(entry.path("name").asString()));
    if (names.contains(config.path("current-context").asString())) {
      config.put("current-context", "");
    }
    return removed;
  }

  private static ArrayNode section(ObjectNode config, String name) {
    JsonNode section = config.get(name);
    if (section instanceof ArrayNode array) {
      return array;
    }
    return config.putArray(name);
  }

  private static void remove(ArrayNode entries, Predicate<JsonNode> which) {
    for (int index = entries.size() - 1; index >= 0; index--) {
      if (which.test(entries.get(index))) {
        entries.remove(index);
      }
    }
  }

  private static Optional<Instant> instant(String text) {
    try {
      return text == null || text.isBlank() ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
