package bzh.estran.cli;

import picocli.CommandLine.Command;

/** {@code estran cohort ...}: what cohort managers do from the terminal. */
@Command(name = "cohort", subcommands = CohortProvisionCommand.class)
final class CohortCommand extends CliCommand {

  CohortCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    throw new picocli.CommandLine.ParameterException(
        new picocli.CommandLine(this), message("cohort.subcommand"));
  }
}
