package bzh.estran.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code estran show SANDBOX}: a sandbox's details and events. */
@Command(name = "show")
final class ShowCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "SANDBOX", descriptionKey = "sandbox.reference")
  String sandbox;

  ShowCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    JsonNode found = new Sandboxes(cli, cli.api()).find(sandbox);
    cli.print(found, () -> new SandboxText(cli).details(found));
    return ExitCode.OK;
  }
}
