package bzh.estran.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client side of the code flow against a real OIDC server: the authorization request carries
 * state, nonce and an S256 PKCE challenge; the code is traded with its verifier, and a wrong
 * verifier gets nothing.
 */
class OidcLoginTest {

  private static final URI REDIRECT = URI.create("http://localhost:7070/signin/callback");
  private static MockOAuth2Server idp;
  private static OidcLogin.Provider provider;
  private final OidcLogin login = new OidcLogin(List.of(provider));
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    idp = new MockOAuth2Server();
    idp.start();
    provider =
        new OidcLogin.Provider(
            idp.issuerUrl("ubs").toString().replaceAll("/$", ""),
            "UBS",
            "estran-web",
            Optional.empty());
  }

  @AfterAll
  static void stop() {
    idp.shutdown();
  }

  @Test
  void theAuthorizationRequestCarriesStateNonceAndAnS256Challenge() {
    OidcLogin.Start start = login.start(provider, REDIRECT);
    Map<String, String> query = query(start.authorizationUrl());
    assertThat(start.authorizationUrl().toString()).startsWith(provider.issuer() + "/authorize");
    assertThat(query)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", "estran-web")
        .containsEntry("redirect_uri", REDIRECT.toString())
        .containsEntry("state", start.state())
        .containsEntry("nonce", start.nonce())
        .containsEntry("code_challenge_method", "S256")
        .containsKey("code_challenge");
    assertThat(query.get("scope")).contains("openid").contains("email");
    assertThat(query.get("code_challenge")).isNotEqualTo(start.codeVerifier());
    assertThat(login.start(provider, REDIRECT).state()).isNotEqualTo(start.state());
  }

  @Test
  void theCodeIsTradedWithItsVerifierForAnIdTokenCarryingTheNonce() throws Exception {
    OidcLogin.Start start = login.start(provider, REDIRECT);
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            "ubs",
            "sub-1",
            "JWT",
            List.of("estran-web"),
            Map.of("email", "alice@univ-ubs.fr"),
            3600));
    String code = authorize(start);
    String idToken = login.idToken(provider, code, REDIRECT, start.codeVerifier()).orElseThrow();
    SignedJWT jwt = SignedJWT.parse(idToken);
    assertThat(jwt.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo(start.nonce());
    assertThat(jwt.getJWTClaimsSet().getAudience()).contains("estran-web");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("email")).isEqualTo("alice@univ-ubs.fr");
  }

  @Test
  void aWrongVerifierGetsNoToken() throws Exception {
    OidcLogin.Start start = login.start(provider, REDIRECT);
    String code = authorize(start);
    String otherVerifier = login.start(provider, REDIRECT).codeVerifier();
    assertThat(login.idToken(provider, code, REDIRECT, otherVerifier)).isEmpty();
  }

  /** What the browser does: follows the authorization URL; the server answers with the code. */
  private String authorize(OidcLogin.Start start) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(start.authorizationUrl()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
    URI back = URI.create(response.headers().firstValue("Location").orElseThrow());
    assertThat(back.toString()).startsWith(REDIRECT.toString());
    Map<String, String> query = query(back);
    assertThat(query).containsEntry("state", start.state());
    return query.get("code");
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> values = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      values.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }
}
