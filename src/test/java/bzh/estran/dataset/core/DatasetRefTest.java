package bzh.estran.dataset.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatasetRefTest {

  @Test
  void aNameOrANameAtAVersion() {
    assertThat(DatasetRef.parse("air-quality"))
        .contains(new DatasetRef("air-quality", Optional.empty()));
    assertThat(DatasetRef.parse("air-quality@12"))
        .contains(new DatasetRef("air-quality", Optional.of(12)));
    assertThat(DatasetRef.format("air-quality", 3)).isEqualTo("air-quality@3");
  }

  @Test
  void anythingElseIsNoReference() {
    for (String bad :
        new String[] {
          null,
          "",
          "Air",
          "-air",
          "air-",
          "air@",
          "air@0",
          "air@01",
          "air@x",
          "air@1@2",
          "a b",
          "air@9999999999",
          "a".repeat(41)
        }) {
      assertThat(DatasetRef.parse(bad)).as(String.valueOf(bad)).isEmpty();
    }
  }
}
