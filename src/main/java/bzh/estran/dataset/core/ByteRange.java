package bzh.estran.dataset.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a file of known size, from a {@code Range} header ({@code bytes=0-99}, {@code
 * bytes=100-}, {@code bytes=-50}). Several ranges in one header are not served.
 */
public record ByteRange(long start, long endInclusive) {

  private static final Pattern SPEC = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

  /** What a {@code Range} header asks of a file of {@code size} bytes. */
  public sealed interface Asked permits Whole, Part, Unsatisfiable {}

  /** No header: the whole file. */
  public record Whole() implements Asked {}

  /** A satisfiable range. */
  public record Part(ByteRange range) implements Asked {}

  /** A range beyond the file, or one that cannot be read: {@code 416}. */
  public record Unsatisfiable(String why) implements Asked {}

  public static Asked of(String header, long size) {
    if (header == null || header.isBlank()) {
      return new Whole();
    }
    Matcher m = SPEC.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return new Unsatisfiable("only one range of the form bytes=start-end is served");
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || size == 0) {
          return new Unsatisfiable("an empty suffix range");
        }
        return new Part(new ByteRange(Math.max(0, size - suffix), size - 1));
      }
      long start = Long.parseLong(m.group(1));
      long end = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
      if (start >= size || end < start) {
        return new Unsatisfiable("the file has " + size + " bytes");
      }
      return new Part(new ByteRange(start, Math.min(end, size - 1)));
    } catch (NumberFormatException e) {
      return new Unsatisfiable("a number too large");
    }
  }

  public long length() {
    return endInclusive - start + 1;
  }

  /** The {@code Content-Range} header value for a file of {@code size} bytes. */
  public String contentRange(long size) {
    return "bytes " + start + "-" + endInclusive + "/" + size;
  }
}
