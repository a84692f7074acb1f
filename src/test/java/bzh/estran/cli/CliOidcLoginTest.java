package bzh.estran.cli;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code estran login} through a real OpenID provider (mock-oauth2-server: discovery, the
 * authorization code flow with PKCE, signed ID tokens), the test playing the browser: it follows
 * the authorization address, whose redirect lands on the CLI's loopback listener.
 */
class CliOidcLoginTest {

  private static final String CLI_CLIENT = "estran-cli";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static MockOAuth2Server idp;
  private static String issuer;
  private static TestApp app;

  @BeforeAll
  static void start() {
    idp = new MockOAuth2Server();
    idp.start(InetAddress.getLoopbackAddress(), 0);
    issuer = idp.issuerUrl("ubs").toString();
    app =
        TestApp.start(
            Map.of(
                "ESTRAN_OIDC_PROVIDERS",
                "[{\"issuer\":\""
                    + issuer
                    + "\",\"domains\":[\"univ-ubs.fr\"],\"cliClientId\":\""
                    + CLI_CLIENT
                    + "\",\"name\":\"Université Bretagne Sud\"}]",
                "ESTRAN_OIDC_DOMAINS",
                "univ-ubs.fr=ubs"));
    new Fixtures(app).institution("ubs");
  }

  @AfterAll
  static void stop() {
    app.close();
    idp.shutdown();
  }

  /** The next sign-in at the provider is this person's. */
  private static void nextSignInIs(String email, String name) {
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "ubs",
            "sub-" + email,
            "JWT",
            null,
            Map.of("email", email, "email_verified", true, "name", name),
            3600));
  }

  /** A browser: follows the address and its redirects, down to the CLI's loopback page. */
  private static final class Browser implements java.util.function.Consumer<URI> {
    final List<URI> opened = new ArrayList<>();
    final List<String> pages = new ArrayList<>();
    private final HttpClient http =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build();

    @Override
    public void accept(URI address) {
      opened.add(address);
      try {
        pages.add(
            http.send(
                    HttpRequest.newBuilder(address).GET().build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void aStudentSignsInInTheBrowserThenCreatesConnectsAndDeletes(@TempDir Path home)
      throws IOException {
    Browser browser = new Browser();
    CliRunner cli = new CliRunner(home).browser(browser);
    nextSignInIs("bob@etud.univ-ubs.fr", "Bob Le Goff");

    CliRunner.Result login = cli.run("login", app.baseUrl());

    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.out()).contains("Signed in to " + app.baseUrl() + " as bob@etud.univ-ubs.fr.");
    assertThat(login.err()).contains("Signing in with Université Bretagne Sud");
    URI authorization = browser.opened.get(0);
    assertThat(authorization.toString())
        .startsWith(issuer + "/authorize?")
        .contains("client_id=" + CLI_CLIENT)
        .contains("code_challenge_method=S256")
        .contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A");
    assertThat(login.err()).contains(authorization.toString());
    assertThat(browser.pages.get(0)).contains("You are signed in to Estran.");

    JsonNode saved =
        JSON.readTree(Files.readString(home.resolve(".config/estran/credentials.json")));
    assertThat(saved.get("provider").asString()).isEqualTo(issuer);
    assertThat(saved.get("token").asString()).startsWith("estran_");
    String tokenId = saved.get("tokenId").asString();
    JsonNode tokens = JSON.readTree(cli.run("-o", "json", "whoami").out());
    assertThat(tokens.get("email").asString()).isEqualTo("bob@etud.univ-ubs.fr");
    assertThat(tokens.at("/memberships/0/institution").asString()).isEqualTo("ubs");
    JsonNode listed = app.admin().as(saved.get("token").asString()).get("/api/v1/tokens").json();
    assertThat(listed.findValuesAsString("id")).contains(tokenId);

    CliRunner.Result created =
        cli.run("create", "-t", "starter", "-n", "tp-oidc", "--duration", "2h", "--connect");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out()).contains("Switched to context estran-tp-oidc-");
    assertThat(Files.readString(home.resolve(".kube/config"))).contains("estran-tp-oidc-");
    assertThat(cli.run("delete", "tp-oidc", "--wait").exitCode()).isZero();

    CliRunner.Result logout = cli.run("logout");
    assertThat(logout.exitCode()).isZero();
    assertThat(app.admin().as(saved.get("token").asString()).get("/api/v1/me").status())
        .as("the token the CLI made is revoked at logout")
        .isEqualTo(401);
  }

  @Test
  void anUnknownProviderOrAnEstranWithoutProvidersIsSaidSo(@TempDir Path home) {
    CliRunner cli = new CliRunner(home);
    CliRunner.Result unknown = cli.run("login", app.baseUrl(), "--provider", "nowhere");
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(unknown.err())
        .contains(
            "No single identity provider matches 'nowhere'; offered: Université Bretagne Sud.");

    try (TestApp bare = TestApp.start()) {
      CliRunner.Result none = new CliRunner(home).run("login", bare.baseUrl());
      assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE);
      assertThat(none.err())
          .contains("offers no sign-in through an identity provider")
          .contains("--token");
    }
  }
}
