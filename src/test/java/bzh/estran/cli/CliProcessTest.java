package bzh.estran.cli;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.Kubectl;
import bzh.estran.testing.TestApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The CLI as users run it: the {@code bin/estran} launcher starting a separate JVM ({@code java -cp
 * <class path> bzh.estran.Main cli ...}), with its own environment, against the running
 * application.
 */
class CliProcessTest {

  private static TestApp app;
  private static Api alice;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    Fixtures fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run estran(Path home, Map<String, String> extra, String input, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of("bin/estran").toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment
        .keySet()
        .removeIf(
            name ->
                name.startsWith("ESTRAN_")
                    || name.equals("KUBECONFIG")
                    || name.startsWith("XDG_")
                    || name.startsWith("LC_"));
    environment.put("HOME", home.toString());
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.put("ESTRAN_CLASSPATH", System.getProperty("java.class.path"));
    environment.put("ESTRAN_JAVA_OPTS", "-Duser.home=" + home);
    environment.put("LANG", "C.UTF-8");
    environment.putAll(extra);
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    assertThat(process.waitFor(3, TimeUnit.MINUTES))
        .as("estran " + String.join(" ", args))
        .isTrue();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static Run estran(Path home, String... args) throws IOException, InterruptedException {
    return estran(home, Map.of(), "", args);
  }

  @Test
  void theStudentPathInASeparateProcess(@TempDir Path home) throws Exception {
    Run version = estran(home, "--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("estran ");

    Run login =
        estran(home, Map.of(), alice.token() + "\n", "login", app.baseUrl(), "--token", "-");
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.out()).isEqualTo("Signed in to " + app.baseUrl() + " as alice@univ-ubs.fr.\n");

    Run created =
        estran(home, "create", "-t", "starter", "-n", "proc", "--duration", "3h", "--wait");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.err()).contains("READY");

    Run connected = estran(home, "connect", "proc");
    assertThat(connected.exitCode()).as(connected.toString()).isZero();
    JsonNode kubeconfig =
        YAMLMapper.builder().build().readTree(Files.readString(home.resolve(".kube/config")));
    String context = kubeconfig.get("current-context").asString();
    assertThat(context).startsWith("estran-proc-");
    if (Kubectl.find().isPresent()) {
      assertThat(
              Kubectl.run(
                      home.resolve(".kube/config").toString(),
                      "config",
                      "get-contexts",
                      "-o",
                      "name")
                  .strip())
          .isEqualTo(context);
    }

    Run extended = estran(home, "extend", "proc", "--by", "1h");
    assertThat(extended.exitCode()).as(extended.toString()).isZero();
    assertThat(extended.out()).contains("proc now expires");

    Run french = estran(home, Map.of("LANG", "fr_FR.UTF-8"), "", "show", "inconnu");
    assertThat(french.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(french.err()).startsWith("erreur : Aucun bac à sable nommé « inconnu »");

    Run deleted = estran(home, "delete", "proc", "--wait");
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(deleted.out()).isEqualTo("proc is deleted.\n");

    Run logout = estran(home, "logout");
    assertThat(logout.exitCode()).isZero();
    assertThat(estran(home, "whoami").exitCode()).isEqualTo(ExitCode.UNAUTHORIZED);
  }
}
