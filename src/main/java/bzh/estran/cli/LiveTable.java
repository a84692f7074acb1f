package bzh.estran.cli;

/**
 * A table kept up to date while something progresses: on a terminal it is redrawn in place (ANSI
 * cursor movements) on standard output; elsewhere (a pipe, a log, a test) each change is one line
 * on standard error and the table is printed once at the end.
 */
final class LiveTable {

  private final Cli cli;
  private int linesShown;
  private boolean shown;

  LiveTable(Cli cli) {
    this.cli = cli;
  }

  /** Draws the table again, over the previous drawing, on a terminal. */
  void show(String table) {
    if (!cli.environment().terminal() || cli.format() != OutputFormat.table) {
      return;
    }
    StringBuilder text = new StringBuilder();
    if (linesShown > 0) {
      text.append("\u001b[").append(linesShown).append("A\u001b[J");
    }
    text.append(table);
    cli.environment().out().print(text);
    cli.environment().out().flush();
    linesShown = (int) table.chars().filter(c -> c == '\n').count();
    shown = true;
  }

  /** One change, as a line, when the table is not redrawn. */
  void changed(String line) {
    if (!cli.environment().terminal() || cli.format() != OutputFormat.table) {
      cli.err("  " + line);
    }
  }

  void done() {
    linesShown = 0;
  }

  /** True when the final table is already on the screen. */
  boolean shownLast() {
    return shown;
  }
}
