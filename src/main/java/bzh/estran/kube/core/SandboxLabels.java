package bzh.estran.kube.core;

import bzh.estran.sandbox.core.Sandbox;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The labels and annotations Estran puts on a sandbox's objects. The labels let a sweep find every
 * object (and orphan namespace) Estran owns; the annotations tell a cluster admin who and what a
 * namespace is for.
 */
public final class SandboxLabels {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "estran";
  public static final String SANDBOX_ID = "estran.bzh/sandbox-id";
  public static final String INSTITUTION = "estran.bzh/institution";

  public static final String EXPIRES_AT = "estran.bzh/expires-at";
  public static final String OWNER = "estran.bzh/owner";
  public static final String TEMPLATE = "estran.bzh/template";
  public static final String SANDBOX_NAME = "estran.bzh/sandbox-name";

  /**
   * On every object Estran writes: the digest of what Estran wanted it to hold ({@link
   * ObjectComparison#fingerprint}), so that a later difference can be told apart as drift.
   */
  public static final String DESIRED_DIGEST = "estran.bzh/desired-digest";

  private SandboxLabels() {}

  /**
   * The labels every object of the sandbox carries: managed-by, sandbox id, institution slug. The
   * map is unmodifiable and keeps that order.
   */
  public static Map<String, String> of(Sandbox sandbox) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.put(SANDBOX_ID, Objects.requireNonNull(sandbox.id(), "sandbox id").toString());
    labels.put(INSTITUTION, Objects.requireNonNull(sandbox.institutionSlug(), "institution slug"));
    return Collections.unmodifiableMap(labels);
  }

  /**
   * The annotations of the sandbox namespace: expiry (ISO-8601 instant), owner e-mail, template and
   * sandbox name. Absent values are left out.
   */
  public static Map<String, String> annotationsOf(Sandbox sandbox) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (sandbox.expiresAt() != null) {
      annotations.put(EXPIRES_AT, sandbox.expiresAt().toString());
    }
    putIfPresent(annotations, OWNER, sandbox.ownerEmail());
    putIfPresent(annotations, TEMPLATE, sandbox.template());
    putIfPresent(annotations, SANDBOX_NAME, sandbox.name());
    return Collections.unmodifiableMap(annotations);
  }

  /** Whether an object's labels mark it as managed by Estran. */
  public static boolean isManagedByEstran(Map<String, String> labels) {
    return labels != null && MANAGED_BY_VALUE.equals(labels.get(MANAGED_BY));
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value);
    }
  }
}
