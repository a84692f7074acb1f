package bzh.estran;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README keeps up with the code: every setting is in its table, its two commands are there. */
class DocumentationTest {

  private final String readme = read("README.md");

  @Test
  void everySettingIsInTheConfigurationTable() {
    assertThat(Setting.ALL)
        .allSatisfy(
            setting ->
                assertThat(readme).as(setting.name()).contains("| `" + setting.name() + "` |"));
  }

  @Test
  void theRunAndTestCommandsAreTheOnesCiUses() {
    assertThat(readme).contains("mvn -B -DskipTests package && java -jar target/estran.jar");
    assertThat(readme).contains("mvn -B verify");
    assertThat(read(".ci/run")).contains("\nmvn -B verify\n");
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + path, e);
    }
  }
}
