package bzh.estran.cli;

import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code estran connect SANDBOX}: merges the sandbox's kubeconfig into the user's and switches
 * kubectl to it (waiting for it to be READY first); {@code --print} writes it to standard output
 * instead.
 */
@Command(name = "connect")
final class ConnectCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "SANDBOX", descriptionKey = "sandbox.reference")
  String sandbox;

  @Option(names = "--print", descriptionKey = "connect.print")
  boolean print;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      descriptionKey = "wait.timeout")
  String timeout;

  ConnectCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    ApiClient api = cli.api();
    Sandboxes sandboxes = new Sandboxes(cli, api);
    JsonNode found = sandboxes.find(sandbox);
    if (Sandboxes.state(found).equals("PROVISIONING")) {
      found =
          sandboxes.follow(
              Fields.text(found, "id"),
              Set.of("READY"),
              Durations.parse(cli, "--timeout", timeout),
              found.path("events").size());
    }
    Connection connection = new Connection(cli, api);
    if (print) {
      cli.environment().out().print(connection.download(found));
      cli.environment().out().flush();
      return ExitCode.OK;
    }
    JsonNode connected = found;
    String context = connection.connect(connected);
    cli.print(connected, () -> connection.connected(connected, context));
    return ExitCode.OK;
  }
}
