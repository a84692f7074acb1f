package bzh.estran.cli;

import java.util.concurrent.Callable;

/** A subcommand: it gets the shared {@link Cli} and returns its exit code. */
abstract class CliCommand implements Callable<Integer> {

  protected final Cli cli;

  CliCommand(Cli cli) {
    this.cli = cli;
  }

  protected Messages messages() {
    return cli.messages();
  }

  protected String message(String key, Object... arguments) {
    return cli.messages().get(key, arguments);
  }
}
