package bzh.estran.cli;

import bzh.estran.cli.core.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code estran cohort provision COHORT --template T --wait}: one sandbox per member of the cohort
 * who has none, shown as a table per member that {@code --wait} keeps up to date until every
 * sandbox is READY or FAILED.
 */
@Command(name = "provision")
final class CohortProvisionCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "COHORT", descriptionKey = "cohort.reference")
  String cohort;

  @Option(
      names = {"-t", "--template"},
      required = true,
      paramLabel = "TEMPLATE",
      descriptionKey = "create.template")
  String template;

  @Option(
      names = {"-d", "--dataset"},
      paramLabel = "DATASET",
      descriptionKey = "create.dataset")
  List<String> datasets = new ArrayList<>();

  @Option(names = "--duration", paramLabel = "DURATION", descriptionKey = "create.duration")
  String duration;

  @Option(
      names = {"-w", "--wait"},
      descriptionKey = "provision.wait")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "15m",
      descriptionKey = "wait.timeout")
  String timeout;

  CohortProvisionCommand(Cli cli) {
    super(cli);
  }

  /** One member's line. */
  private static final class Row {
    final String member;
    String sandbox = "";
    String id = "";
    String state;
    String note = "";

    Row(String member, String state) {
      this.member = member;
      this.state = state;
    }
  }

  @Override
  public Integer call() {
    ApiClient api = cli.api();
    String cohortId = new Cohorts(cli, api).id(cohort);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("template", template);
    request.put("datasets", datasets);
    if (duration != null) {
      request.put("duration", Durations.iso(cli, "--duration", duration));
    }
    Duration limit = Durations.parse(cli, "--timeout", timeout);
    JsonNode answer = api.post("/cohorts/" + cohortId + "/sandboxes", request);
    List<Row> rows = rows(answer);
    cli.err(
        message(
            "provision.requested",
            answer.path("created").size(),
            answer.path("skipped").size(),
            answer.path("refused").size()));
    LiveTable live = new LiveTable(cli);
    if (wait) {
      Instant deadline = Instant.now().plus(limit);
      live.show(render(rows));
      Sandboxes sandboxes = new Sandboxes(cli, api);
      while (rows.stream().anyMatch(r -> !r.id.isEmpty() && !Sandboxes.SETTLED.contains(r.state))) {
        if (Instant.now().isAfter(deadline)) {
          live.done();
          throw new CliException(ExitCode.TIMED_OUT, message("provision.timeout", cohort));
        }
        sandboxes.pause();
        Map<String, JsonNode> current = new LinkedHashMap<>();
        api.get("/sandboxes?cohort=" + cohortId + "&limit=500")
            .forEach(s -> current.put(Fields.text(s, "id"), s));
        for (Row row : rows) {
          JsonNode sandbox = current.get(row.id);
          if (sandbox != null && !Sandboxes.state(sandbox).equals(row.state)) {
            row.state = Sandboxes.state(sandbox);
            row.note = Fields.text(sandbox, "failure");
            live.changed(
                message("provision.changed", row.member, row.sandbox, row.state)
                    + (row.note.isEmpty() ? "" : " (" + row.note + ")"));
          }
        }
        live.show(render(rows));
      }
      live.done();
    }
    cli.print(json(rows), () -> live.shownLast() ? "" : render(rows));
    boolean allWell =
        rows.stream()
            .allMatch(
                r ->
                    r.state.equals("READY")
                        || r.state.equals("SKIPPED")
                        || (!wait && r.state.equals("PROVISIONING")));
    return allWell ? ExitCode.OK : ExitCode.SANDBOX_FAILED;
  }

  private List<Row> rows(JsonNode answer) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode created : answer.path("created")) {
      Row row = new Row(Fields.text(created, "owner"), Sandboxes.state(created));
      row.sandbox = Fields.text(created, "name");
      row.id = Fields.text(created, "id");
      rows.add(row);
    }
    for (JsonNode skipped : answer.path("skipped")) {
      Row row = new Row(Fields.text(skipped, "member"), "SKIPPED");
      row.note = message("provision.skipped", Fields.text(skipped, "sandbox"));
      rows.add(row);
    }
    for (JsonNode refused : answer.path("refused")) {
      Row row = new Row(Fields.text(refused, "member"), "REFUSED");
      row.note = Fields.text(refused.path("error"), "message");
      rows.add(row);
    }
    return rows;
  }

  private String render(List<Row> rows) {
    if (rows.isEmpty()) {
      return message("provision.nobody") + "\n";
    }
    Table table =
        new Table(
            message("column.member"),
            message("column.sandbox"),
            message("column.state"),
            message("column.note"));
    rows.forEach(r -> table.row(r.member, r.sandbox, r.state, r.note));
    return table.render();
  }

  private static ArrayNode json(List<Row> rows) {
    ArrayNode array = ApiClient.JSON.createArrayNode();
    for (Row row : rows) {
      ObjectNode node = array.addObject();
      node.put("member", row.member);
      node.put("sandbox", row.id.isEmpty() ? null : row.id);
      node.put("name", row.sandbox.isEmpty() ? null : row.sandbox);
      node.put("state", row.state);
      node.put("note", row.note.isEmpty() ? null : row.note);
    }
    return array;
  }
}
