package bzh.estran.cli;

import bzh.estran.cli.core.Table;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** How sandboxes read for people: a table of several, the details of one. */
final class SandboxText {

  private final Cli cli;

  SandboxText(Cli cli) {
    this.cli = cli;
  }

  String table(JsonNode sandboxes) {
    Messages m = cli.messages();
    if (sandboxes.isEmpty()) {
      return m.get("list.none") + "\n";
    }
    Table table =
        new Table(
            m.get("column.name"),
            m.get("column.state"),
            m.get("column.template"),
            m.get("column.owner"),
            m.get("column.expires"),
            m.get("column.id"));
    for (JsonNode sandbox : sandboxes) {
      String state = Sandboxes.state(sandbox);
      boolean over = state.equals("DELETED") || state.equals("FAILED");
      table.row(
          Fields.text(sandbox, "name"),
          state,
          Fields.text(sandbox, "template"),
          Fields.text(sandbox, "owner"),
          over ? "" : cli.timeWithDistance(Fields.text(sandbox, "expiresAt")),
          Fields.text(sandbox, "id"));
    }
    return table.render();
  }

  String details(JsonNode sandbox) {
    Messages m = cli.messages();
    List<String[]> lines = new ArrayList<>();
    JsonNode size = sandbox.path("size");
    lines.add(new String[] {m.get("field.name"), Fields.text(sandbox, "name")});
    lines.add(new String[] {m.get("field.id"), Fields.text(sandbox, "id")});
    lines.add(new String[] {m.get("field.state"), Sandboxes.state(sandbox)});
    lines.add(new String[] {m.get("field.owner"), Fields.text(sandbox, "owner")});
    lines.add(new String[] {m.get("field.institution"), Fields.text(sandbox, "institution")});
    lines.add(new String[] {m.get("field.cohort"), Fields.text(sandbox, "cohort")});
    lines.add(
        new String[] {
          m.get("field.template"),
          m.get(
              "field.templateSize",
              Fields.text(sandbox, "template"),
              Fields.text(size, "cpu"),
              Fields.text(size, "memoryGiB"),
              Fields.text(size, "storageGiB"))
        });
    List<String> datasets = new ArrayList<>();
    sandbox.path("datasets").forEach(d -> datasets.add(d.asString()));
    lines.add(new String[] {m.get("field.datasets"), String.join(", ", datasets)});
    lines.add(new String[] {m.get("field.namespace"), Fields.text(sandbox, "namespace")});
    lines.add(new String[] {m.get("field.created"), cli.time(Fields.text(sandbox, "createdAt"))});
    lines.add(new String[] {m.get("field.ready"), cli.time(Fields.text(sandbox, "readyAt"))});
    lines.add(
        new String[] {
          m.get("field.expires"), cli.timeWithDistance(Fields.text(sandbox, "expiresAt"))
        });
    lines.add(new String[] {m.get("field.deleted"), cli.time(Fields.text(sandbox, "deletedAt"))});
    lines.add(new String[] {m.get("field.failure"), Fields.text(sandbox, "failure")});
    int width = lines.stream().mapToInt(line -> line[0].length()).max().orElse(0);
    StringBuilder text = new StringBuilder();
    for (String[] line : lines) {
      if (!line[1].isEmpty()) {
        text.append(line[0]).append(':').append(" ".repeat(width - line[0].length() + 2));
        text.append(line[1]).append('\n');
      }
    }
    JsonNode events = sandbox.path("events");
    if (!events.isEmpty()) {
      text.append('\n').append(m.get("field.events")).append(":\n");
      events.forEach(
          e -> text.append(Sandboxes.eventLine(e, cli.environment().zone())).append('\n'));
    }
    return text.toString();
  }
}
