package bzh.estran.catalog.core;

import java.util.List;

/**
 * Turns a template's files into a {@link Template}, or refuses them with the first problem found.
 *
 * <p>The descriptor must name the template after its directory (a DNS label of at most 40
 * characters), describe it, give a positive size and ISO-8601 durations with {@code 0 <
 * defaultDuration <= maxDuration}; unknown keys are refused. Each manifest may only use the
 * variables of {@link TemplateVariables#NAMES}, must be valid YAML, and each of its documents must
 * have {@code apiVersion}, {@code kind} and {@code metadata.name}, a kind allowed by {@link
 * KindPolicy}, and no namespace other than {@code ${NAMESPACE}}.
 */
public final class TemplateValidator {

  private final DescriptorValidator descriptors;
  private final ManifestValidator manifests;

  public TemplateValidator() {
    Yaml yaml = new Yaml();
    this.descriptors = new DescriptorValidator(yaml);
    this.manifests = new ManifestValidator(yaml);
  }

  /**
   * Validates one template.
   *
   * @param directoryName the name of the template's directory, which the descriptor must repeat
   * @param descriptorFile where the descriptor comes from, for error reports
   * @param descriptorText the descriptor's YAML
   * @param manifests the manifest files, in the order they are to be applied
   * @return the template, holding {@code manifests} as given
   * @throws TemplateException locating the first problem found
   */
  public Template validate(
      String directoryName,
      String descriptorFile,
      String descriptorText,
      List<ManifestTemplate> manifests) {
    Descriptor descriptor = descriptors.validate(directoryName, descriptorFile, descriptorText);
    TemplateVariables sample = TemplateVariables.sample(descriptor.name(), descriptor.size());
    for (ManifestTemplate manifest : manifests) {
      this.manifests.validate(manifest, sample);
    }
    return descriptor.with(manifests);
  }
}
