package bzh.estran.cli;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/** Opens an address in the user's browser with the platform's opener, if there is one. */
final class Browsers {

  private Browsers() {}

  /** Tries {@code xdg-open}, {@code open} (macOS) or {@code rundll32} (Windows); quiet failure. */
  static void open(URI address) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    List<String> command =
        os.contains("mac")
            ? List.of("open", address.toString())
            : os.contains("win")
                ? List.of("rundll32", "url.dll,FileProtocolHandler", address.toString())
                : List.of("xdg-open", address.toString());
    try {
      new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      // No opener: the address is printed for the user to open.
    }
  }
}
