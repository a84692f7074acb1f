package bzh.estran.cli;

import bzh.estran.cli.core.KubeconfigMerge;
import bzh.estran.cli.core.KubeconfigMerge.SandboxContext;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code estran disconnect [SANDBOX]}: takes a sandbox's context, user and cluster out of the
 * kubeconfig (the current one when none is named; all of them with {@code --all}).
 */
@Command(name = "disconnect")
final class DisconnectCommand extends CliCommand {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "SANDBOX",
      descriptionKey = "sandbox.reference")
  String sandbox;

  @Option(names = "--all", descriptionKey = "disconnect.all")
  boolean all;

  DisconnectCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    KubeconfigFile file = KubeconfigFile.of(cli.environment());
    Connection connection = new Connection(cli, null);
    List<SandboxContext> removed;
    if (all) {
      removed = connection.disconnectAll();
    } else if (sandbox == null) {
      SandboxContext current =
          connection
              .current()
              .orElseThrow(
                  () ->
                      new CliException(
                          ExitCode.USAGE, message("disconnect.noCurrent", file.path())));
      removed = connection.disconnect(current.id());
    } else {
      removed = connection.disconnect(idOf(file));
    }
    if (removed.isEmpty()) {
      cli.err(message("disconnect.nothing", file.path()));
      return all ? ExitCode.OK : ExitCode.NOT_FOUND;
    }
    for (SandboxContext context : removed) {
      cli.out(message("disconnect.done", context.context(), file.path()));
    }
    return ExitCode.OK;
  }

  /** The id of the sandbox named: from the kubeconfig itself, else asked of Estran. */
  private String idOf(KubeconfigFile file) {
    Optional<SandboxContext> local =
        KubeconfigMerge.sandboxContexts(file.read(messages())).stream()
            .filter(
                c ->
                    c.id().equals(sandbox)
                        || c.name().equals(sandbox)
                        || c.context().equals(sandbox)
                        || (sandbox.length() >= 4 && c.id().startsWith(sandbox)))
            .findFirst();
    if (local.isPresent()) {
      return local.get().id();
    }
    return Fields.text(new Sandboxes(cli, cli.api()).find(sandbox), "id");
  }
}
