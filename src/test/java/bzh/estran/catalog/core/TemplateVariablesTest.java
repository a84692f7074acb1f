package bzh.estran.catalog.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TemplateVariablesTest {

  @Test
  void mapsEveryAllowedNameToItsValue() {
    TemplateVariables variables =
        new TemplateVariables(
            UUID.fromString("7d8f6b1e-3c2a-4e5f-9a0b-1c2d3e4f5a6b"),
            "lab-1",
            "estran-lab-1",
            "ana@univ-ubs.fr",
            "ubs",
            "data-lab",
            Size.of("0.50", "8", "20.0"),
            Instant.parse("2031-03-04T17:00:00Z"));

    assertThat(variables.asMap())
        .containsExactly(
            entry("SANDBOX_ID", "7d8f6b1e-3c2a-4e5f-9a0b-1c2d3e4f5a6b"),
            entry("SANDBOX_NAME", "lab-1"),
            entry("NAMESPACE", "estran-lab-1"),
            entry("OWNER", "ana@univ-ubs.fr"),
            entry("INSTITUTION", "ubs"),
            entry("TEMPLATE", "data-lab"),
            entry("CPU", "0.5"),
            entry("MEMORY_GIB", "8"),
            entry("STORAGE_GIB", "20"),
            entry("EXPIRES_AT", "2031-03-04T17:00:00Z"));
    assertThat(variables.asMap().keySet()).containsExactlyElementsOf(TemplateVariables.NAMES);
  }

  @Test
  void sampleValuesCoverEveryName() {
    assertThat(TemplateVariables.sample("starter", Size.of("1", "2", "5")).asMap())
        .containsOnlyKeys(TemplateVariables.NAMES)
        .containsEntry("TEMPLATE", "starter")
        .containsEntry("CPU", "1");
  }
}
