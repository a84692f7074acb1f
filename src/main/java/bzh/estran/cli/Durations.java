package bzh.estran.cli;

import bzh.estran.cli.core.DurationInput;
import java.time.Duration;

/** Durations given on the command line, refused with exit code 2 when unreadable. */
final class Durations {

  private Durations() {}

  static Duration parse(Cli cli, String option, String text) {
    return DurationInput.parse(text)
        .orElseThrow(
            () ->
                new CliException(
                    ExitCode.USAGE, cli.messages().get("error.duration", option, text)));
  }

  /** The API's ISO-8601 form of what the user typed. */
  static String iso(Cli cli, String option, String text) {
    return DurationInput.iso(parse(cli, option, text));
  }
}
