package bzh.estran.cli;

import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code estran logout}: revokes the token the CLI made, if it made one, and forgets it. */
@Command(name = "logout")
final class LogoutCommand extends CliCommand {

  LogoutCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    Optional<Credentials> saved = cli.credentials().load();
    if (saved.isEmpty()) {
      cli.err(message("logout.none"));
      return ExitCode.OK;
    }
    Credentials credentials = saved.get();
    if (credentials.tokenId() != null && !credentials.tokenId().isEmpty()) {
      try {
        cli.anonymous(credentials.server())
            .withToken(credentials.token())
            .delete("/tokens/" + credentials.tokenId());
      } catch (ApiException e) {
        // already expired or revoked: forgetting it is all that is left to do
      }
    }
    cli.credentials().delete();
    cli.out(message("logout.done", credentials.server()));
    return ExitCode.OK;
  }
}
