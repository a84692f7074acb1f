package bzh.estran.cli;

import java.util.Map;

/**
 * What the user reads when a command fails: the API's sentence as it is, the field problems of an
 * invalid request, a hint where one helps; and the exit code.
 */
final class ErrorReport {

  private final Cli cli;

  ErrorReport(Cli cli) {
    this.cli = cli;
  }

  int report(Exception error) {
    if (error instanceof ApiException api) {
      cli.err(cli.messages().get("error.prefix", api.getMessage()));
      for (Map.Entry<String, String> field : api.fields().entrySet()) {
        if (!api.getMessage().contains(field.getValue())) {
          cli.err("  " + field.getKey() + ": " + field.getValue());
        }
      }
      if (api.exitCode() == ExitCode.UNAUTHORIZED) {
        cli.err(cli.messages().get("error.signInAgain"));
      }
      return api.exitCode();
    }
    if (error instanceof CliException known) {
      cli.err(cli.messages().get("error.prefix", known.getMessage()));
      return known.exitCode();
    }
    cli.err(cli.messages().get("error.unexpected", String.valueOf(error)));
    return ExitCode.ERROR;
  }
}
