package bzh.estran.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code estran cohort ...}: what cohort managers do from the terminal. */
@Command(name = "cohort", subcommands = CohortProvisionCommand.class)
final class CohortCommand extends CliCommand {

  @Spec CommandSpec spec;

  CohortCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), message("cohort.subcommand"));
  }
}
