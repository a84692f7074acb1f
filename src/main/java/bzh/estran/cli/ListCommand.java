package bzh.estran.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@code estran list}: one's own sandboxes still alive; {@code --everyone} for all those one may
 * see (a cohort's for its managers), {@code --deleted} to include the deleted ones.
 */
@Command(name = "list", aliases = "ls")
final class ListCommand extends CliCommand {

  @Option(names = "--everyone", descriptionKey = "list.everyone")
  boolean everyone;

  @Option(names = "--deleted", descriptionKey = "list.deleted")
  boolean deleted;

  @Option(names = "--cohort", paramLabel = "COHORT", descriptionKey = "list.cohort")
  String cohort;

  @Option(names = "--state", paramLabel = "STATE", descriptionKey = "list.state")
  String state;

  ListCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    ApiClient api = cli.api();
    List<String> query = new ArrayList<>();
    query.add("limit=500");
    if (!everyone && cohort == null) {
      query.add("owner=me");
    }
    if (cohort != null) {
      query.add("cohort=" + new Cohorts(cli, api).id(cohort));
    }
    if (state != null) {
      query.add("state=" + ApiClient.encode(state.toUpperCase(java.util.Locale.ROOT)));
    }
    JsonNode all = api.get("/sandboxes?" + String.join("&", query));
    ArrayNode shown = ApiClient.JSON.createArrayNode();
    for (JsonNode sandbox : all) {
      if (deleted || state != null || !Sandboxes.state(sandbox).equals("DELETED")) {
        shown.add(sandbox);
      }
    }
    cli.print(shown, () -> new SandboxText(cli).table(shown));
    return ExitCode.OK;
  }
}
