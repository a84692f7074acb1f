package bzh.estran.catalog.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A kind of sandbox: its size, how long it lives by default and at most, and the manifests created
 * in its namespace.
 *
 * <p>Instances coming from {@link TemplateValidator} are known to be valid; the record itself only
 * refuses nulls.
 *
 * @param name DNS label, equal to the template's directory name
 * @param manifests in file-name order, each file possibly holding several YAML documents
 * @param dataVolumeGiB size of the volume preloaded datasets go to (counted in the storage); 0 when
 *     the template takes no datasets
 */
public record Template(
    String name,
    String description,
    Size size,
    Duration defaultDuration,
    Duration maxDuration,
    List<ManifestTemplate> manifests,
    int dataVolumeGiB) {

  /** A template that takes no datasets. */
  public Template(
      String name,
      String description,
      Size size,
      Duration defaultDuration,
      Duration maxDuration,
      List<ManifestTemplate> manifests) {
    this(name, description, size, defaultDuration, maxDuration, manifests, 0);
  }

  /** Whether sandboxes of this template may ask for datasets. */
  public boolean takesDatasets() {
    return dataVolumeGiB > 0;
  }

  public Template {
    if (dataVolumeGiB < 0) {
      throw new IllegalArgumentException("dataVolumeGiB must not be negative");
    }
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(defaultDuration, "defaultDuration");
    Objects.requireNonNull(maxDuration, "maxDuration");
    manifests = List.copyOf(manifests);
  }
}
