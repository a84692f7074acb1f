package bzh.estran.catalog.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The values a manifest may refer to, written {@code ${NAME}}, for one sandbox.
 *
 * <p>{@link #NAMES} is the whole whitelist: a template using any other name is refused when it is
 * loaded. Every value is a single-line token (DNS label, e-mail address, decimal number, ISO-8601
 * instant), so substituting it into YAML text needs no quoting.
 *
 * @param owner the owner's e-mail address
 * @param institution the institution's slug
 * @param template the template's name
 * @param size gives {@code CPU}, {@code MEMORY_GIB} and {@code STORAGE_GIB} as plain decimals
 */
public record TemplateVariables(
    UUID sandboxId,
    String sandboxName,
    String namespace,
    String owner,
    String institution,
    String template,
    Size size,
    Instant expiresAt) {

  /** Every variable name a manifest may use, in a stable order. */
  public static final List<String> NAMES =
      List.of(
          "SANDBOX_ID",
          "SANDBOX_NAME",
          "NAMESPACE",
          "OWNER",
          "INSTITUTION",
          "TEMPLATE",
          "CPU",
          "MEMORY_GIB",
          "STORAGE_GIB",
          "EXPIRES_AT");

  public TemplateVariables {
    Objects.requireNonNull(sandboxId, "sandboxId");
    Objects.requireNonNull(sandboxName, "sandboxName");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(institution, "institution");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Whether {@code name} may appear as {@code ${name}} in a manifest. */
  public static boolean isAllowed(String name) {
    return NAMES.contains(name);
  }

  /**
   * Plausible values for a template of the given name and size, used to check at load time that its
   * manifests are valid YAML and valid objects once substituted.
   */
  public static TemplateVariables sample(String template, Size size) {
    return new TemplateVariables(
        UUID.fromString("00000000-0000-4000-8000-000000000001"),
        "sample",
        "estran-sample-0001",
        "someone@example.org",
        "example-institution",
        template,
        size,
        Instant.parse("2030-01-01T08:00:00Z"));
  }

  /** An unmodifiable map from every name of {@link #NAMES} to its value, in that order. */
  public Map<String, String> asMap() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("SANDBOX_ID", sandboxId.toString());
    values.put("SANDBOX_NAME", sandboxName);
    values.put("NAMESPACE", namespace);
    values.put("OWNER", owner);
    values.put("INSTITUTION", institution);
    values.put("TEMPLATE", template);
    values.put("CPU", size.cpu().toPlainString());
    values.put("MEMORY_GIB", size.memoryGiB().toPlainString());
    values.put("STORAGE_GIB", size.storageGiB().toPlainString());
    values.put("EXPIRES_AT", expiresAt.toString());
    return Collections.unmodifiableMap(values);
  }
}
