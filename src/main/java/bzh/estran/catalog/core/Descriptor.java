package bzh.estran.catalog.core;

import java.time.Duration;
import java.util.List;

/** A template's validated {@code template.yaml}, before its manifests are attached. */
record Descriptor(
    String name,
    String description,
    Size size,
    Duration defaultDuration,
    Duration maxDuration,
    int dataVolumeGiB) {

  Template with(List<ManifestTemplate> manifests) {
    return new Template(
        name, description, size, defaultDuration, maxDuration, manifests, dataVolumeGiB);
  }
}
