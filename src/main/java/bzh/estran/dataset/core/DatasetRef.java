package bzh.estran.dataset.core;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a sandbox request names: {@code name} (the latest published, non-withdrawn version) or
 * {@code name@version} (exactly that one).
 */
public record DatasetRef(String name, Optional<Integer> version) {

  private static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$");
  private static final Pattern VERSION = Pattern.compile("^[1-9][0-9]{0,8}$");

  /** Whether {@code name} is a dataset name: 1 to 40 lower-case letters, digits, inner hyphens. */
  public static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The reference written in {@code text}, or empty when it is not one. */
  public static Optional<DatasetRef> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int at = text.indexOf('@');
    String name = at < 0 ? text : text.substring(0, at);
    if (!isName(name)) {
      return Optional.empty();
    }
    if (at < 0) {
      return Optional.of(new DatasetRef(name, Optional.empty()));
    }
    String version = text.substring(at + 1);
    if (!VERSION.matcher(version).matches()) {
      return Optional.empty();
    }
    return Optional.of(new DatasetRef(name, Optional.of(Integer.parseInt(version))));
  }

  /** {@code name@version} of a resolved version. */
  public static String format(String name, int version) {
    return name + "@" + version;
  }
}
