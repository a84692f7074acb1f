package bzh.estran.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code estran extend SANDBOX [--by 2h]}: pushes the expiry back; a kubeconfig already merged is
 * replaced by one that lasts as long.
 */
@Command(name = "extend")
final class ExtendCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "SANDBOX", descriptionKey = "sandbox.reference")
  String sandbox;

  @Option(
      names = {"--by", "--duration"},
      paramLabel = "DURATION",
      defaultValue = "1h",
      descriptionKey = "extend.by")
  String by;

  ExtendCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    ApiClient api = cli.api();
    String duration = Durations.iso(cli, "--by", by);
    JsonNode found = new Sandboxes(cli, api).find(sandbox);
    JsonNode extended =
        api.post(
            "/sandboxes/" + Fields.text(found, "id") + "/extend", Map.of("duration", duration));
    if (Sandboxes.state(extended).equals("READY")) {
      Connection connection = new Connection(cli, api);
      if (connection.refreshIfConnected(extended)) {
        cli.err(message("extend.refreshed", connection.file().path()));
      }
    }
    cli.print(
        extended,
        () ->
            message(
                    "extend.done",
                    Fields.text(extended, "name"),
                    cli.timeWithDistance(Fields.text(extended, "expiresAt")))
                + "\n");
    return ExitCode.OK;
  }
}
