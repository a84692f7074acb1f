package bzh.estran.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code estran} command line: signs in, creates, connects, extends and deletes sandboxes
 * through the public HTTP API only. Run as {@code bin/estran ...} or {@code java -jar estran.jar
 * cli ...}; exit codes in {@link ExitCode}.
 */
@Command(
    name = "estran",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = EstranCli.Version.class,
    subcommands = {
      LoginCommand.class,
      LogoutCommand.class,
      WhoamiCommand.class,
      TemplatesCommand.class,
      DatasetsCommand.class,
      CreateCommand.class,
      ListCommand.class,
      ShowCommand.class,
      ExtendCommand.class,
      DeleteCommand.class,
      JoinCommand.class,
      ConnectCommand.class,
      DisconnectCommand.class,
      CohortCommand.class,
      CompletionCommand.class
    })
public final class EstranCli implements Runnable {

  private final Cli cli;

  @Spec CommandSpec spec;

  EstranCli(Cli cli) {
    this.cli = cli;
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      scope = ScopeType.INHERIT,
      descriptionKey = "output")
  void output(OutputFormat format) {
    cli.format(format);
  }

  @Override
  public void run() {
    spec.commandLine().usage(cli.environment().out());
  }

  /** Runs the CLI in this process with the real environment and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(CliEnvironment.system(), args));
  }

  /** Runs one command line in {@code environment}; returns the exit code. */
  public static int run(CliEnvironment environment, String... args) {
    Cli cli = new Cli(environment);
    CommandLine commandLine = new CommandLine(new EstranCli(cli), new Factory(cli));
    commandLine.setResourceBundle(cli.messages().help());
    commandLine.setOut(environment.out());
    commandLine.setErr(environment.err());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (error, command, parsed) -> new ErrorReport(cli).report(error));
    int code = commandLine.execute(args);
    environment.out().flush();
    environment.err().flush();
    return code;
  }

  /** Builds the commands with the shared {@link Cli}. */
  private static final class Factory implements CommandLine.IFactory {

    private final Cli cli;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    Factory(Cli cli) {
      this.cli = cli;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (constructor.getParameterCount() == 1
            && constructor.getParameterTypes()[0] == Cli.class) {
          constructor.setAccessible(true);
          return type.cast(constructor.newInstance(cli));
        }
      }
      return fallback.create(type);
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = EstranCli.class.getPackage().getImplementationVersion();
      return new String[] {"estran " + (version == null ? "(development build)" : version)};
    }
  }
}
