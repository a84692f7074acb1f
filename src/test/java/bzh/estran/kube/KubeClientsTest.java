package bzh.estran.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.utils.TokenRefreshInterceptor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration of a client that authenticates with a certificate is kept as it was read: the
 * token refresh of Fabric8 does not read the kubeconfig again before each request.
 */
class KubeClientsTest {

  @TempDir Path dir;

  @Test
  void aCertificateConfigIsNotReadAgainBeforeEachRequest() throws Exception {
    Path file = kubeconfig("client-certificate-data: Y2VydA==\n    client-key-data: a2V5");
    Config asFabric8LeavesIt = Config.fromKubeconfig(file.toFile());
    Config kept = Config.fromKubeconfig(file.toFile());
    KubeClients.keepWithoutToken(kept);

    // the file changes after the clients were built: a refresh that reads it would find this token
    Files.writeString(
        file, Files.readString(file).replace("client-key-data: a2V5", "token: read-again"));

    assertThat(authorizationAfterAMinute(asFabric8LeavesIt))
        .as("Fabric8 alone reads the kubeconfig again (if this fails, the workaround can go)")
        .isEqualTo("Bearer read-again");
    assertThat(authorizationAfterAMinute(kept)).isNull();
    assertThat(authorizationAfterAMinute(kept)).isNull();
  }

  @Test
  void aConfigWithATokenKeepsItsRefresh() throws Exception {
    Path file = kubeconfig("token: first");
    Config withToken = Config.fromKubeconfig(file.toFile());
    KubeClients.keepWithoutToken(withToken);

    Files.writeString(file, Files.readString(file).replace("token: first", "token: second"));

    assertThat(withToken.getOauthTokenProvider()).isNull();
    assertThat(authorizationAfterAMinute(withToken)).isEqualTo("Bearer second");
  }

  private Path kubeconfig(String user) throws Exception {
    Path file = dir.resolve("config");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: https://127.0.0.1:1
        users:
        - name: u
          user:
            %s
        contexts:
        - name: x
          context:
            cluster: c
            user: u
        current-context: x
        """
            .formatted(user));
    return file;
  }

  /** The Authorization header the refresh sets before a request made a minute after the start. */
  private static String authorizationAfterAMinute(Config config) {
    Function<Config, java.util.concurrent.CompletableFuture<String>> noRemote =
        c -> java.util.concurrent.CompletableFuture.completedFuture(null);
    TokenRefreshInterceptor refresh =
        new TokenRefreshInterceptor(config, Instant.now().minus(Duration.ofMinutes(2)), noRemote);
    Headers headers = new Headers();
    refresh.before(headers, null, null);
    return headers.values.get("Authorization");
  }

  private static final class Headers implements BasicBuilder {
    private final Map<String, String> values = new HashMap<>();

    @Override
    public BasicBuilder uri(URI uri) {
      return this;
    }

    @Override
    public BasicBuilder header(String name, String value) {
      values.put(name, value);
      return this;
    }

    @Override
    public BasicBuilder setHeader(String name, String value) {
      values.put(name, value);
      return this;
    }
  }
}
