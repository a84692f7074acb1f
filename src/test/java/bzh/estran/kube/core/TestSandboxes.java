package bzh.estran.kube.core;

import bzh.estran.catalog.core.Size;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Sandboxes for tests, built with the record's canonical constructor. */
public final class TestSandboxes {

  static final UUID ID = UUID.fromString("0f8c2e1a-9b3d-4c5e-8f60-123456789abc");
  static final String NAMESPACE = "sbx-0f8c2e1a9b3d";
  static final Instant CREATED_AT = Instant.parse("2026-03-02T09:00:00Z");
  static final Instant EXPIRES_AT = Instant.parse("2026-03-09T09:00:00Z");

  private TestSandboxes() {}

  static Sandbox sandbox(Size size) {
    return sandbox(size, NAMESPACE);
  }

  static Sandbox sandbox(Size size, String namespace) {
    return new Sandbox(
        ID,
        "churn-analysis",
        UUID.fromString("11111111-2222-3333-4444-555555555555"),
        "ana@univ-rennes.fr",
        UUID.fromString("66666666-7777-8888-9999-000000000000"),
        "univ-rennes",
        null,
        "jupyter-postgres",
        List.of("retail-orders"),
        size,
        SandboxState.PROVISIONING,
        namespace,
        CREATED_AT,
        EXPIRES_AT,
        null,
        null,
        null);
  }

  public static Sandbox sandbox() {
    return sandbox(Size.of("2", "4", "10"));
  }
}
