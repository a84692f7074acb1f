package bzh.estran.cli.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void aligns_columns_two_spaces_apart_without_trailing_blanks() {
    String text =
        new Table("NAME", "STATE", "NOTE")
            .row("tp-kube", "READY", "")
            .row("a", "PROVISIONING", null)
            .render();

    assertThat(text)
        .isEqualTo(
            "NAME     STATE         NOTE\n" + "tp-kube  READY\n" + "a        PROVISIONING\n");
  }

  @Test
  void refuses_a_row_of_the_wrong_width() {
    assertThatThrownBy(() -> new Table("A", "B").row("only one"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
