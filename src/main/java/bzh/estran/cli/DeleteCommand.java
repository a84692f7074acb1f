package bzh.estran.cli;

import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code estran delete SANDBOX}: deletes it now (the unused time is refunded) and takes its context
 * out of the kubeconfig; {@code --wait} until it is gone.
 */
@Command(name = "delete", aliases = "rm")
final class DeleteCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "SANDBOX", descriptionKey = "sandbox.reference")
  String sandbox;

  @Option(
      names = {"-w", "--wait"},
      descriptionKey = "delete.wait")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      descriptionKey = "wait.timeout")
  String timeout;

  DeleteCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    ApiClient api = cli.api();
    Sandboxes sandboxes = new Sandboxes(cli, api);
    JsonNode found = sandboxes.find(sandbox);
    String id = Fields.text(found, "id");
    JsonNode deleting = api.delete("/sandboxes/" + id);
    Connection connection = new Connection(cli, api);
    connection
        .disconnect(id)
        .forEach(c -> cli.err(message("disconnect.done", c.context(), connection.file().path())));
    JsonNode result = deleting;
    if (wait) {
      result =
          sandboxes.follow(
              id,
              Set.of("DELETED"),
              Durations.parse(cli, "--timeout", timeout),
              found.path("events").size());
    }
    JsonNode shown = result;
    cli.print(
        shown,
        () ->
            message(
                    Sandboxes.state(shown).equals("DELETED") ? "delete.done" : "delete.requested",
                    Fields.text(shown, "name"))
                + "\n");
    return ExitCode.OK;
  }
}
