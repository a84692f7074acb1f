package bzh.estran.tenancy.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one rule for free-text names: no control or invisible formatting character. */
class ControlCharactersTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Line\nbreak",
        "Carriage\rreturn",
        "Tab\there",
        "Nul\u0000byte",
        "Ansi \u001b[31mred\u001b[0m",
        "Delete\u007f",
        "C1\u0085next line",
        "Right-to-left \u202eevil\u202c",
        "Isolate \u2067x\u2069",
        "Zero\u200bwidth",
        "Byte order \ufeffmark",
        "Soft\u00adhyphen",
        "Line\u2028separator",
        "Paragraph\u2029separator",
        "Lone \ud800 surrogate"
      })
  void controlAndFormatCharactersAreFound(String name) {
    assertThat(Names.hasControlCharacters(name)).isTrue();
    assertThat(Names.hasControlCharacters(Names.withoutControlCharacters(name))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Licence 3 Informatique",
        "Université Bretagne Sud",
        "Brezhoneg: Skol-Veur Breizh-Izel",
        "Études — groupe «B»",
        "日本語の授業",
        "العربية",
        "Math 🧮 lab",
        "O'Neill & Sons (SARL)"
      })
  void ordinaryNamesInAnyScriptPass(String name) {
    assertThat(Names.hasControlCharacters(name)).isFalse();
    assertThat(Names.withoutControlCharacters(name)).isEqualTo(name);
  }
}
