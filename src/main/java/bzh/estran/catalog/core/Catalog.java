package bzh.estran.catalog.core;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The templates sandboxes can be made from, fixed at start. Immutable and thread-safe. */
public final class Catalog {

  private final Map<String, Template> byName;
  private final List<Template> templates;

  /**
   * @throws IllegalArgumentException if two templates share a name
   */
  public Catalog(List<Template> templates) {
    Map<String, Template> sorted = new LinkedHashMap<>();
    templates.stream()
        .sorted(Comparator.comparing(Template::name))
        .forEach(
            template -> {
              if (sorted.putIfAbsent(template.name(), template) != null) {
                throw new IllegalArgumentException("two templates are named " + template.name());
              }
            });
    this.byName = Collections.unmodifiableMap(sorted);
    this.templates = List.copyOf(sorted.values());
  }

  /** Every template, sorted by name. */
  public List<Template> templates() {
    return templates;
  }

  /** The template of that name, if there is one. */
  public Optional<Template> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }
}
