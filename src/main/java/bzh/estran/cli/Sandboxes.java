package bzh.estran.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Finding a sandbox by name or id, and following one until it settles. */
final class Sandboxes {

  static final Set<String> SETTLED = Set.of("READY", "FAILED", "DELETED");
  private static final Pattern ID_PREFIX = Pattern.compile("^[0-9a-f-]{4,36}$");
  private static final int TYPE_WIDTH = 20;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final Cli cli;
  private final ApiClient api;

  Sandboxes(Cli cli, ApiClient api) {
    this.cli = cli;
    this.api = api;
  }

  /**
   * The sandbox {@code reference} names: its id, the start of its id, or its name (one of the
   * caller's own sandboxes first, deleted ones last).
   */
  JsonNode find(String reference) {
    try {
      UUID id = UUID.fromString(reference);
      return api.get("/sandboxes/" + id);
    } catch (IllegalArgumentException notAnId) {
      // a name or the start of an id
    }
    List<JsonNode> matches = matching(api.get("/sandboxes?owner=me&limit=500"), reference);
    if (matches.isEmpty()) {
      matches = matching(api.get("/sandboxes?limit=500"), reference);
    }
    List<JsonNode> live = matches.stream().filter(s -> !state(s).equals("DELETED")).toList();
    List<JsonNode> chosen = live.isEmpty() ? matches : live;
    if (chosen.isEmpty()) {
      throw new CliException(ExitCode.NOT_FOUND, cli.messages().get("sandbox.unknown", reference));
    }
    if (chosen.size() > 1) {
      List<String> ids = chosen.stream().map(s -> Fields.text(s, "id")).toList();
      throw new CliException(
          ExitCode.USAGE,
          cli.messages().get("sandbox.ambiguous", reference, String.join(", ", ids)));
    }
    return api.get("/sandboxes/" + Fields.text(chosen.get(0), "id"));
  }

  private static List<JsonNode> matching(JsonNode list, String reference) {
    List<JsonNode> byName = new ArrayList<>();
    List<JsonNode> byId = new ArrayList<>();
    String lower = reference.toLowerCase(Locale.ROOT);
    for (JsonNode sandbox : list) {
      if (Fields.text(sandbox, "name").equals(reference)) {
        byName.add(sandbox);
      } else if (ID_PREFIX.matcher(lower).matches()
          && Fields.text(sandbox, "id").startsWith(lower)) {
        byId.add(sandbox);
      }
    }
    return byName.isEmpty() ? byId : byName;
  }

  /**
   * Polls the sandbox until its state is one of {@code targets} (or it settles otherwise), printing
   * each event after the first {@code eventsSeen} on standard error as it appears; returns its last
   * details.
   */
  JsonNode follow(String id, Set<String> targets, Duration timeout, int eventsSeen) {
    Instant deadline = Instant.now().plus(timeout);
    int eventsShown = eventsSeen;
    String lastState = "";
    while (true) {
      JsonNode sandbox = api.get("/sandboxes/" + id);
      JsonNode events = sandbox.path("events");
      for (int index = eventsShown; index < events.size(); index++) {
        cli.err(eventLine(events.get(index), cli.environment().zone()));
      }
      eventsShown = Math.max(eventsShown, events.size());
      String state = state(sandbox);
      if (!state.equals(lastState) && !SETTLED.contains(state)) {
        cli.err("  " + cli.messages().get("sandbox.waiting", Fields.text(sandbox, "name"), state));
      }
      lastState = state;
      if (targets.contains(state) || SETTLED.contains(state)) {
        return sandbox;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new CliException(
            ExitCode.TIMED_OUT,
            cli.messages().get("sandbox.timeout", Fields.text(sandbox, "name"), state));
      }
      pause();
    }
  }

  void pause() {
    try {
      Thread.sleep(cli.environment().pollInterval().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.ERROR, cli.messages().get("error.interrupted"), e);
    }
  }

  static String eventLine(JsonNode event, ZoneId zone) {
    String at =
        Cli.instant(Fields.text(event, "at")).map(i -> CLOCK.format(i.atZone(zone))).orElse("");
    String type = Fields.text(event, "type");
    return "  "
        + at
        + "  "
        + type
        + " ".repeat(Math.max(1, TYPE_WIDTH - type.length()))
        + Fields.text(event, "message");
  }

  static String state(JsonNode sandbox) {
    return Fields.text(sandbox, "state");
  }
}
