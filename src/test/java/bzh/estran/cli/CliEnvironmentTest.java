package bzh.estran.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliEnvironmentTest {

  @Test
  void theHomeIsHomeAsTheShellAndKubectlSeeIt() {
    assertThat(CliEnvironment.home(Map.of("HOME", "/home/ana"))).isEqualTo(Path.of("/home/ana"));
    assertThat(CliEnvironment.home(Map.of())).isEqualTo(Path.of(System.getProperty("user.home")));
  }
}
