package bzh.estran.cli;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.Kubectl;
import bzh.estran.testing.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A student's path through the {@code estran} CLI, run in-process against the running application
 * (simulated cluster): sign in with a token, create and wait, connect kubectl, extend, delete; and
 * what goes wrong, with its sentence and exit code.
 */
class CliStudentPathTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final String WORK_KUBECONFIG =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: work
        cluster: {server: "https://work.example:6443"}
      users:
      - name: me
        user: {token: work-token}
      contexts:
      - name: work
        context: {cluster: work, user: me, namespace: team}
      current-context: work
      """;

  private static TestApp app;
  private static Fixtures fixtures;
  private static Api alice;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    alice = fixtures.member("ubs", "alice@univ-ubs.fr", "member");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private CliRunner signedIn(Path home, Api who) {
    CliRunner cli = new CliRunner(home).clock(app.clock());
    CliRunner.Result login = cli.run("login", app.baseUrl(), "--token", who.token());
    assertThat(login.exitCode()).as(login.toString()).isZero();
    return cli;
  }

  @Test
  void aStudentSignsInCreatesConnectsExtendsAndDeletes(@TempDir Path home) throws IOException {
    CliRunner cli = new CliRunner(home).clock(app.clock());
    CliRunner.Result login = cli.run("login", app.baseUrl(), "--token", alice.token());
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.out()).contains("Signed in to " + app.baseUrl() + " as alice@univ-ubs.fr.");
    Path credentials = home.resolve(".config/estran/credentials.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.getParent())))
        .isEqualTo("rwx------");

    CliRunner.Result whoami = cli.run("whoami");
    assertThat(whoami.out()).contains("alice@univ-ubs.fr").contains("ubs (member)");

    CliRunner.Result created =
        cli.run(
            "create", "--template", "starter", "--name", "tp-kube", "--duration", "4h", "--wait");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.err())
        .contains("Sandbox tp-kube requested from template starter")
        .contains("REQUESTED")
        .contains("READY");
    assertThat(created.out()).contains("tp-kube is READY").contains("estran connect tp-kube");

    CliRunner.Result list = cli.run("list");
    assertThat(list.out().lines().toList().get(0)).startsWith("NAME").contains("STATE");
    assertThat(list.out()).containsPattern("tp-kube +READY +starter +alice@univ-ubs.fr");

    Path kubeconfig = home.resolve(".kube/config");
    Files.createDirectories(kubeconfig.getParent());
    Files.writeString(kubeconfig, WORK_KUBECONFIG);
    CliRunner.Result connected = cli.run("connect", "tp-kube");
    assertThat(connected.exitCode()).as(connected.toString()).isZero();
    JsonNode sandbox = alice.get("/api/v1/sandboxes?owner=me").json().get(0);
    String context = "estran-tp-kube-" + sandbox.get("id").asString().substring(0, 8);
    assertThat(connected.out())
        .contains("Switched to context " + context)
        .contains(sandbox.get("namespace").asString())
        .contains("What the template made is yours to change or delete");
    JsonNode merged = YAML.readTree(Files.readString(kubeconfig));
    assertThat(merged.get("current-context").asString()).isEqualTo(context);
    assertThat(names(merged, "contexts")).containsExactly("work", context);
    assertThat(merged.at("/users/0/user/token").asString()).isEqualTo("work-token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig)))
        .isEqualTo("rw-------");

    CliRunner.Result extended = cli.run("extend", "tp-kube", "--by", "2h");
    assertThat(extended.exitCode()).as(extended.toString()).isZero();
    String newExpiry =
        alice.get("/api/v1/sandboxes/" + sandbox.get("id").asString()).text("expiresAt");
    assertThat(extended.out()).contains("tp-kube now expires");
    assertThat(extended.err()).contains("refreshed");
    JsonNode refreshed = YAML.readTree(Files.readString(kubeconfig));
    assertThat(refreshed.at("/contexts/1/context/extensions/0/extension/expiresAt").asString())
        .isEqualTo(newExpiry);
    assertThat(refreshed.get("current-context").asString()).isEqualTo(context);

    CliRunner.Result deleted = cli.run("delete", "tp-kube", "--wait");
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(deleted.out()).contains("tp-kube is deleted.");
    assertThat(deleted.err()).contains("Removed context " + context).contains("DELETED");
    JsonNode after = YAML.readTree(Files.readString(kubeconfig));
    assertThat(names(after, "contexts")).containsExactly("work");
    assertThat(names(after, "users")).containsExactly("me");
    assertThat(cli.run("list").out()).contains("No sandbox.");
    assertThat(cli.run("list", "--deleted").out()).containsPattern("tp-kube +DELETED");

    CliRunner.Result logout = cli.run("logout");
    assertThat(logout.exitCode()).isZero();
    assertThat(credentials).doesNotExist();
    assertThat(cli.run("list").exitCode()).isEqualTo(ExitCode.UNAUTHORIZED);
  }

  @Test
  void kubectlReadsTheMergedKubeconfigWithEachSandboxOnItsOwnToken(@TempDir Path home)
      throws IOException {
    Kubectl.assumeInstalled();
    CliRunner cli = signedIn(home, alice);
    Path kubeconfig = home.resolve("kube/merged.yaml");
    Files.createDirectories(kubeconfig.getParent());
    Files.writeString(kubeconfig, WORK_KUBECONFIG);
    cli.variable("KUBECONFIG", kubeconfig + java.io.File.pathSeparator + home.resolve("other"));
    List<String> contexts = new ArrayList<>();
    for (String name : List.of("lab-a", "lab-b")) {
      CliRunner.Result created = cli.run("create", "-t", "starter", "-n", name, "--connect");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      contexts.add(YAML.readTree(Files.readString(kubeconfig)).get("current-context").asString());
    }
    String path = kubeconfig.toString();

    assertThat(Kubectl.run(path, "config", "current-context").strip()).isEqualTo(contexts.get(1));
    String table = Kubectl.run(path, "config", "get-contexts");
    assertThat(table).contains("work").contains(contexts.get(0)).contains(contexts.get(1));
    JsonNode view = JSON.readTree(Kubectl.run(path, "config", "view", "--raw", "-o", "json"));
    List<String> tokens = new ArrayList<>();
    for (String context : contexts) {
      JsonNode minified =
          JSON.readTree(
              Kubectl.run(
                  path, "config", "view", "--raw", "--minify", "--context", context, "-o", "json"));
      assertThat(minified.at("/contexts/0/context/namespace").asString()).startsWith("sbx-");
      String token = minified.at("/users/0/user/token").asString();
      assertThat(token).startsWith("simulated.");
      tokens.add(token);
      JsonNode extension = minified.at("/contexts/0/context/extensions/0");
      assertThat(extension.get("name").asString()).isEqualTo("estran.bzh/sandbox");
    }
    assertThat(tokens).doesNotHaveDuplicates();
    assertThat(view.get("contexts").size()).isEqualTo(3);
  }

  @Test
  void expiredSandboxesContextsAreCleanedOnTheNextConnect(@TempDir Path home) throws IOException {
    CliRunner cli = signedIn(home, alice);
    assertThat(
            cli.run("create", "-t", "starter", "-n", "short", "--duration", "1h", "--connect")
                .exitCode())
        .isZero();
    String shortId =
        alice.get("/api/v1/sandboxes?owner=me&state=READY").json().get(0).get("id").asString();
    assertThat(
            cli.run("create", "-t", "starter", "-n", "long", "--duration", "8h", "--wait")
                .exitCode())
        .isZero();

    app.clock().advance(Duration.ofHours(2));
    fixtures.awaitState(alice, shortId, "DELETED");
    CliRunner.Result connected = cli.run("connect", "long");

    assertThat(connected.exitCode()).as(connected.toString()).isZero();
    assertThat(connected.err())
        .contains(
            "Removed the context estran-short-"
                + shortId.substring(0, 8)
                + " of an expired sandbox.");
    JsonNode config = YAML.readTree(Files.readString(home.resolve(".kube/config")));
    assertThat(names(config, "contexts")).hasSize(1).allMatch(n -> n.startsWith("estran-long-"));
    assertThat(cli.run("delete", "long").exitCode()).isZero();
  }

  @Test
  void failuresSayTheApiSentenceAsItIsWithExitCodesScriptsCanRelyOn(@TempDir Path home) {
    CliRunner anonymous = new CliRunner(home);
    CliRunner.Result notSignedIn = anonymous.run("list");
    assertThat(notSignedIn.exitCode()).isEqualTo(3);
    assertThat(notSignedIn.err()).contains("You are not signed in: run estran login");

    CliRunner.Result badToken = anonymous.run("login", app.baseUrl(), "--token", "estran_nope");
    assertThat(badToken.exitCode()).isEqualTo(3);
    assertThat(home.resolve(".config/estran/credentials.json")).doesNotExist();

    CliRunner cli = signedIn(home, alice);
    Api.Response direct =
        alice.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"duration\":\"P99D\"}");
    CliRunner.Result tooLong = cli.run("create", "-t", "starter", "--duration", "99d");
    assertThat(tooLong.exitCode()).isEqualTo(8);
    assertThat(tooLong.err())
        .isEqualTo("error: " + direct.json().at("/error/message").asString() + "\n");

    CliRunner.Result unknownTemplate = cli.run("create", "-t", "no-such-template");
    assertThat(unknownTemplate.exitCode()).isEqualTo(8);
    assertThat(unknownTemplate.err()).contains("template");

    CliRunner.Result badDuration = cli.run("create", "-t", "starter", "--duration", "soon");
    assertThat(badDuration.exitCode()).isEqualTo(2);
    assertThat(badDuration.err()).contains("--duration expects a duration such as 4h");

    assertThat(cli.run("show", "no-such-sandbox").exitCode()).isEqualTo(5);
    assertThat(cli.run("extend", "no-such-sandbox").exitCode()).isEqualTo(5);
    CliRunner.Result unknownOption = cli.run("list", "--colour");
    assertThat(unknownOption.exitCode()).isEqualTo(2);
    assertThat(unknownOption.err()).contains("--colour");

    String id = fixtures.sandbox(alice, "{\"template\":\"starter\",\"name\":\"gone\"}");
    fixtures.awaitState(alice, id, "READY");
    alice.delete("/api/v1/sandboxes/" + id);
    fixtures.awaitState(alice, id, "DELETED");
    CliRunner.Result conflict = cli.run("connect", id);
    assertThat(conflict.exitCode()).isEqualTo(6);
    assertThat(conflict.err())
        .isEqualTo(
            "error: "
                + alice
                    .get("/api/v1/sandboxes/" + id + "/kubeconfig")
                    .json()
                    .at("/error/message")
                    .asString()
                + "\n");

    CliRunner.Result unreachable =
        new CliRunner(home).variable("ESTRAN_URL", "http://127.0.0.1:9").run("whoami");
    assertThat(unreachable.exitCode()).isEqualTo(10);
    assertThat(unreachable.err()).contains("Cannot reach http://127.0.0.1:9");
  }

  @Test
  void scriptsReadJsonOrYamlAndTheEnvironmentCanCarryTheToken(@TempDir Path home) {
    CliRunner cli =
        new CliRunner(home)
            .variable("ESTRAN_URL", app.baseUrl() + "/api/v1/")
            .variable("ESTRAN_TOKEN", alice.token());

    CliRunner.Result created =
        cli.run("create", "-t", "starter", "-n", "scripted", "--wait", "-o", "json");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    JsonNode sandbox = JSON.readTree(created.out());
    assertThat(sandbox.get("state").asString()).isEqualTo("READY");
    assertThat(sandbox.get("name").asString()).isEqualTo("scripted");

    JsonNode shown = YAML.readTree(cli.run("show", "scripted", "-o", "yaml").out());
    assertThat(shown.get("id").asString()).isEqualTo(sandbox.get("id").asString());
    assertThat(shown.get("events").size()).isGreaterThanOrEqualTo(2);

    JsonNode templates = JSON.readTree(cli.run("-o", "json", "templates").out());
    assertThat(templates.findValuesAsString("name")).contains("starter");

    String printed = cli.run("connect", "scripted", "--print").out();
    assertThat(YAML.readTree(printed).get("current-context").asString())
        .startsWith("estran-scripted-");
    assertThat(home.resolve(".kube/config")).doesNotExist();

    CliRunner.Result deleted = cli.run("delete", sandbox.get("id").asString().substring(0, 8));
    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
  }

  @Test
  void frenchByLocaleForThePeopleAndTheSameDataForScripts(@TempDir Path home) {
    CliRunner cli = signedIn(home, alice).locale(Locale.FRENCH);

    assertThat(cli.run("list").out())
        .isEqualTo(
            "Aucun bac à sable. Créez-en un avec : estran create --template starter --wait\n");
    assertThat(cli.run("show", "inconnu").err())
        .isEqualTo(
            "erreur : Aucun bac à sable nommé « inconnu » ou de cet identifiant (estran list montre les vôtres).\n");
    assertThat(cli.run("templates").out()).startsWith("NOM").contains("MÉMOIRE");
    assertThat(cli.run("--help").out()).contains("Codes de sortie :").contains("Commandes :");
    assertThat(cli.run("create", "--help").out()).contains("Modèle (estran templates les liste).");
    assertThat(new CliRunner(home).locale(Locale.ENGLISH).run("create", "--help").out())
        .contains("Template (estran templates lists them).");
  }

  @Test
  void completionScriptsForBashAndZsh(@TempDir Path home) {
    CliRunner.Result completion = new CliRunner(home).run("completion");

    assertThat(completion.exitCode()).isZero();
    assertThat(completion.out())
        .contains("complete -F")
        .contains("bashcompinit")
        .contains("connect")
        .contains("provision");
  }

  private static List<String> names(JsonNode config, String section) {
    List<String> names = new ArrayList<>();
    config.path(section).forEach(entry -> names.add(entry.get("name").asString()));
    return names;
  }
}
