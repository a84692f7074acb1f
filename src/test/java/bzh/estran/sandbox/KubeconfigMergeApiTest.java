package bzh.estran.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.Kubectl;
import bzh.estran.testing.TestApp;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The kubeconfigs of two sandboxes of one person, merged by kubectl as users do ({@code
 * KUBECONFIG=a:b kubectl config view --flatten}): each context keeps its own token.
 */
class KubeconfigMergeApiTest {

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

  @Test
  void mergedKubeconfigsOfOneOwnerKeepEachContextOnItsOwnToken(@TempDir Path dir)
      throws IOException {
    Kubectl.assumeInstalled();
    Map<String, String> tokenOfNamespace = new HashMap<>();
    Path[] files = new Path[2];
    for (int i = 0; i < 2; i++) {
      String id = fixtures.sandbox(alice, "{\"template\":\"starter\",\"name\":\"tp-" + i + "\"}");
      fixtures.awaitState(alice, id, "READY");
      Api.Response kubeconfig = alice.get("/api/v1/sandboxes/" + id + "/kubeconfig");
      assertThat(kubeconfig.status()).as(kubeconfig.toString()).isEqualTo(200);
      JsonNode own = YAMLMapper.builder().build().readTree(kubeconfig.body());
      tokenOfNamespace.put(
          own.at("/contexts/0/context/namespace").asString(),
          own.at("/users/0/user/token").asString());
      files[i] = Files.writeString(dir.resolve("sandbox-" + i + ".yaml"), kubeconfig.body());
    }
    assertThat(tokenOfNamespace.values()).doesNotHaveDuplicates();

    String merged =
        Kubectl.run(
            files[0] + File.pathSeparator + files[1], "config", "view", "--flatten", "-o", "json");

    JsonNode config = JsonMapper.builder().build().readTree(merged);
    assertThat(config.get("contexts").size()).isEqualTo(2);
    assertThat(config.get("users").size()).isEqualTo(2);
    for (JsonNode context : config.get("contexts")) {
      String user = context.at("/context/user").asString();
      String token = null;
      for (JsonNode entry : config.get("users")) {
        if (entry.get("name").asString().equals(user)) {
          token = entry.at("/user/token").asString();
        }
      }
      assertThat(context.get("name").asString()).matches("estran-tp-[01]-[0-9a-f]{8}");
      assertThat(token)
          .as("token of context " + context.get("name"))
          .isEqualTo(tokenOfNamespace.get(context.at("/context/namespace").asString()));
    }
  }
}
