package bzh.estran.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code estran create}: asks for a sandbox; with {@code --wait}, follows it until it is READY (or
 * says why it failed); with {@code --connect}, also connects kubectl to it.
 */
@Command(name = "create")
final class CreateCommand extends CliCommand {

  @Option(
      names = {"-t", "--template"},
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
      names = {"-n", "--name"},
      paramLabel = "NAME",
      descriptionKey = "create.name")
  String name;

  @Option(names = "--cohort", paramLabel = "COHORT", descriptionKey = "create.cohort")
  String cohort;

  @Option(names = "--institution", paramLabel = "SLUG", descriptionKey = "create.institution")
  String institution;

  @Option(
      names = {"-w", "--wait"},
      descriptionKey = "create.wait")
  boolean wait;

  @Option(names = "--connect", descriptionKey = "create.connect")
  boolean connect;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      descriptionKey = "wait.timeout")
  String timeout;

  CreateCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    ApiClient api = cli.api();
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("template", template == null ? defaultTemplate(api) : template);
    if (!datasets.isEmpty()) {
      request.put("datasets", datasets);
    }
    if (duration != null) {
      request.put("duration", Durations.iso(cli, "--duration", duration));
    }
    if (name != null) {
      request.put("name", name);
    }
    if (cohort != null) {
      request.put("cohort", new Cohorts(cli, api).id(cohort));
    }
    if (institution != null) {
      request.put("institution", institution);
    }
    JsonNode created = api.post("/sandboxes", request);
    String id = Fields.text(created, "id");
    String sandboxName = Fields.text(created, "name");
    cli.err(
        message(
            "create.requested",
            sandboxName,
            Fields.text(created, "template"),
            cli.timeWithDistance(Fields.text(created, "expiresAt"))));
    if (!wait && !connect) {
      cli.print(created, () -> message("create.follow", sandboxName) + "\n");
      return ExitCode.OK;
    }
    Duration limit = Durations.parse(cli, "--timeout", timeout);
    JsonNode settled = new Sandboxes(cli, api).follow(id, Set.of("READY"), limit, 0);
    String state = Sandboxes.state(settled);
    if (!state.equals("READY")) {
      cli.print(settled, () -> "");
      cli.err(message("create.failed", sandboxName, state, Fields.text(settled, "failure")));
      return ExitCode.SANDBOX_FAILED;
    }
    if (connect) {
      Connection connection = new Connection(cli, api);
      String context = connection.connect(settled);
      cli.print(settled, () -> connection.connected(settled, context));
    } else {
      cli.print(settled, () -> message("create.ready", sandboxName) + "\n");
    }
    return ExitCode.OK;
  }

  /** The template asked for, or the only one there is. */
  private String defaultTemplate(ApiClient api) {
    JsonNode templates = api.get("/templates");
    if (templates.size() == 1) {
      return Fields.text(templates.get(0), "name");
    }
    List<String> names = new ArrayList<>();
    templates.forEach(t -> names.add(Fields.text(t, "name")));
    throw new CliException(
        ExitCode.USAGE, message("create.chooseTemplate", String.join(", ", names)));
  }
}
