package bzh.estran.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliEnvironmentTest {

  @Test
  void theLanguageComesFromTheLocaleVariablesAsGettextReadsThem() {
    assertThat(CliEnvironment.locale(Map.of("LANG", "fr_FR.UTF-8")).getLanguage()).isEqualTo("fr");
    assertThat(CliEnvironment.locale(Map.of("LANG", "fr_FR.UTF-8", "LC_ALL", "C")).getLanguage())
        .isEqualTo("en");
    assertThat(
            CliEnvironment.locale(Map.of("LC_MESSAGES", "en_GB.UTF-8", "LANG", "fr_FR"))
                .getLanguage())
        .isEqualTo("en");
    assertThat(CliEnvironment.locale(Map.of("LANG", "fr_BE@euro")).getLanguage()).isEqualTo("fr");
  }

  @Test
  void utf8WhenTheLocaleSaysSo() {
    assertThat(CliEnvironment.charset(Map.of("LANG", "fr_FR.UTF-8")))
        .isEqualTo(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(CliEnvironment.charset(Map.of("LC_ALL", "C.utf8", "LANG", "fr_FR")))
        .isEqualTo(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void theHomeIsHomeAsTheShellAndKubectlSeeIt() {
    assertThat(CliEnvironment.home(Map.of("HOME", "/home/ana"))).isEqualTo(Path.of("/home/ana"));
    assertThat(CliEnvironment.home(Map.of())).isEqualTo(Path.of(System.getProperty("user.home")));
  }
}
