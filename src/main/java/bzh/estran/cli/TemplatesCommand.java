package bzh.estran.cli;

import bzh.estran.cli.core.DurationInput;
import bzh.estran.cli.core.Table;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code estran templates}: the kinds of sandbox one may create. */
@Command(name = "templates")
final class TemplatesCommand extends CliCommand {

  TemplatesCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    JsonNode templates = cli.api().get("/templates");
    cli.print(
        templates,
        () -> {
          Table table =
              new Table(
                  message("column.name"),
                  message("column.cpu"),
                  message("column.memory"),
                  message("column.storage"),
                  message("column.defaultDuration"),
                  message("column.maxDuration"),
                  message("column.description"));
          for (JsonNode template : templates) {
            JsonNode size = template.path("size");
            table.row(
                Fields.text(template, "name"),
                Fields.text(size, "cpu"),
                Fields.text(size, "memoryGiB") + " GiB",
                Fields.text(size, "storageGiB") + " GiB",
                DurationInput.humanIso(Fields.text(template, "defaultDuration")),
                DurationInput.humanIso(Fields.text(template, "maxDuration")),
                Fields.text(template, "description"));
          }
          return table.render();
        });
    return ExitCode.OK;
  }
}
