package bzh.estran.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Finding a cohort by id or by name among those the caller belongs to or manages. */
final class Cohorts {

  private final Cli cli;
  private final ApiClient api;

  Cohorts(Cli cli, ApiClient api) {
    this.cli = cli;
    this.api = api;
  }

  /** The id of the cohort {@code reference} names. */
  String id(String reference) {
    try {
      return UUID.fromString(reference).toString();
    } catch (IllegalArgumentException notAnId) {
      // a name
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode cohort : api.get("/me").path("cohorts")) {
      if (Fields.text(cohort, "name").equals(reference)) {
        ids.add(Fields.text(cohort, "id"));
      }
    }
    if (ids.isEmpty()) {
      for (JsonNode institution : api.get("/institutions")) {
        try {
          for (JsonNode cohort :
              api.get("/institutions/" + Fields.text(institution, "slug") + "/cohorts")) {
            if (Fields.text(cohort, "name").equals(reference)) {
              ids.add(Fields.text(cohort, "id"));
            }
          }
        } catch (ApiException e) {
          // not allowed to list this institution's cohorts
        }
      }
    }
    if (ids.isEmpty()) {
      throw new CliException(ExitCode.NOT_FOUND, cli.messages().get("cohort.unknown", reference));
    }
    if (ids.size() > 1) {
      throw new CliException(
          ExitCode.USAGE,
          cli.messages().get("cohort.ambiguous", reference, String.join(", ", ids)));
    }
    return ids.get(0);
  }
}
