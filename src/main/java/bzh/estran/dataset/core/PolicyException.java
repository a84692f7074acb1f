package bzh.estran.dataset.core;

import java.util.Map;
import java.util.TreeMap;

/** A policy that cannot be used, with every problem keyed by its path in the document. */
public final class PolicyException extends RuntimeException {

  private final Map<String, String> problems;

  /** A policy refused for {@code problems} (path, such as {@code columns[2].treatment}, to why). */
  public PolicyException(Map<String, String> problems) {
    super("invalid dataset policy: " + new TreeMap<>(problems));
    this.problems = Map.copyOf(problems);
  }

  /** Path in the policy ({@code columns[2].treatment}) to the reason it is refused. */
  public Map<String, String> problems() {
    return problems;
  }
}
