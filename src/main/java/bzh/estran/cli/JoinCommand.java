package bzh.estran.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code estran join CODE}: joins a cohort (and its institution) with the code a teacher gave. */
@Command(name = "join")
final class JoinCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "CODE", descriptionKey = "join.code")
  String code;

  JoinCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    JsonNode joined = cli.api().post("/join", Map.of("code", code));
    JsonNode cohort = joined.path("cohort");
    cli.print(
        joined,
        () ->
            message(
                    "join.done",
                    Fields.text(cohort, "name"),
                    Fields.text(cohort, "institution"),
                    cli.time(Fields.text(cohort, "endsAt")))
                + "\n");
    return ExitCode.OK;
  }
}
