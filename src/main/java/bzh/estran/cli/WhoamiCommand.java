package bzh.estran.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code estran whoami}: who the saved credentials sign in as, where, with which roles. */
@Command(name = "whoami")
final class WhoamiCommand extends CliCommand {

  WhoamiCommand(Cli cli) {
    super(cli);
  }

  @Override
  public Integer call() {
    ApiClient api = cli.api();
    JsonNode me = api.get("/me");
    cli.print(me, () -> describe(api.server(), me));
    return ExitCode.OK;
  }

  private String describe(String server, JsonNode me) {
    StringBuilder text = new StringBuilder();
    String name = Fields.text(me, "name");
    String email = Fields.text(me, "email");
    text.append(
            message(
                "whoami.user",
                name.isEmpty() || name.equals(email) ? email : name + " <" + email + ">",
                server))
        .append('\n');
    if (me.path("platformAdmin").asBoolean(false)) {
      text.append("  ").append(message("whoami.platformAdmin")).append('\n');
    }
    List<String> memberships = new ArrayList<>();
    me.path("memberships")
        .forEach(
            m ->
                memberships.add(
                    Fields.text(m, "institution") + " (" + Fields.text(m, "role") + ")"));
    if (!memberships.isEmpty()) {
      text.append("  ")
          .append(message("whoami.institutions", String.join(", ", memberships)))
          .append('\n');
    }
    List<String> cohorts = new ArrayList<>();
    me.path("cohorts").forEach(c -> cohorts.add(Fields.text(c, "name")));
    if (!cohorts.isEmpty()) {
      text.append("  ").append(message("whoami.cohorts", String.join(", ", cohorts))).append('\n');
    }
    return text.toString();
  }
}
