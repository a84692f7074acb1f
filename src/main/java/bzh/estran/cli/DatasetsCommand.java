package bzh.estran.cli;

import bzh.estran.cli.core.Table;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code estran datasets}: the published datasets a sandbox may preload. */
@Command(name = "datasets")
final class DatasetsCommand extends CliCommand {

  DatasetsCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    JsonNode datasets = cli.api().get("/datasets");
    cli.print(
        datasets,
        () -> {
          if (datasets.isEmpty()) {
            return message("datasets.none") + "\n";
          }
          Table table =
              new Table(
                  message("column.name"),
                  message("column.version"),
                  message("column.rows"),
                  message("column.licence"),
                  message("column.title"));
          for (JsonNode dataset : datasets) {
            table.row(
                Fields.text(dataset, "name"),
                Fields.text(dataset, "version"),
                Fields.text(dataset, "rows"),
                Fields.text(dataset, "licence"),
                Fields.text(dataset, "title"));
          }
          return table.render();
        });
    return ExitCode.OK;
  }
}
