package bzh.estran.kube.core;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.catalog.core.Size;
import bzh.estran.sandbox.core.Sandbox;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SandboxNamesTest {

  @Test
  void namespace_is_sbx_and_the_first_twelve_hex_digits_of_the_id() {
    assertThat(SandboxNames.namespace(TestSandboxes.ID)).isEqualTo("sbx-0f8c2e1a9b3d");
  }

  @Test
  void namespace_is_a_valid_dns_label() {
    String namespace = SandboxNames.namespace(UUID.randomUUID());

    assertThat(namespace).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
  }

  @Test
  void namespace_of_a_sandbox_without_a_recorded_one_is_computed_from_its_id() {
    Sandbox recorded = TestSandboxes.sandbox(Size.of("1", "1", "1"), "sbx-recorded");
    Sandbox unrecorded = TestSandboxes.sandbox(Size.of("1", "1", "1"), null);

    assertThat(SandboxNames.namespaceOf(unrecorded)).isEqualTo("sbx-0f8c2e1a9b3d");
    assertThat(SandboxNames.namespaceOf(recorded)).isEqualTo("sbx-recorded");
  }
}
