package bzh.estran.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/** Collects field problems so one {@link InvalidRequest} can name all of them at once. */
public final class FieldErrors {

  private final Map<String, Problem> problems = new LinkedHashMap<>();

  /** Records a problem with {@code field} unless one is already recorded for it. */
  public FieldErrors add(String field, Problem problem) {
    problems.putIfAbsent(field, problem);
    return this;
  }

  /** Records "is required" when the value is null or blank; returns whether it was present. */
  public boolean required(String field, Object value) {
    if (value == null || (value instanceof String text && text.isBlank())) {
      add(field, Problem.required());
      return false;
    }
    return true;
  }

  public boolean has(String field) {
    return problems.containsKey(field);
  }

  /** Throws an {@link InvalidRequest} naming every recorded field, if there is any. */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new InvalidRequest(problems);
    }
  }
}
