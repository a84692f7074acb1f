package bzh.estran.web;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client side of the OIDC authorization-code flow with PKCE (S256), state and nonce, through
 * the Nimbus OAuth 2.0 SDK. Each provider's endpoints come from its discovery document, fetched on
 * first use and kept.
 */
public final class OidcLogin {

  /** A provider people may sign in with from the pages (one with a web client id). */
  public record Provider(
      String issuer, String name, String clientId, Optional<String> clientSecret) {}

  /** What the browser is sent to, and what the callback will need. */
  public record Start(URI authorizationUrl, String state, String nonce, String codeVerifier) {}

  private final List<Provider> providers;
  private final Map<String, OIDCProviderMetadata> discovered = new ConcurrentHashMap<>();

  public OidcLogin(List<Provider> providers) {
    this.providers = List.copyOf(providers);
  }

  public List<Provider> providers() {
    return providers;
  }

  /** The provider at {@code index} of the list shown on the sign-in page. */
  public Optional<Provider> provider(String index) {
    try {
      int i = Integer.parseInt(index);
      return i >= 0 && i < providers.size() ? Optional.of(providers.get(i)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public Optional<Provider> byIssuer(String issuer) {
    return providers.stream().filter(p -> p.issuer().equals(issuer)).findFirst();
  }

  /** A new authorization request: fresh state, nonce and PKCE verifier. */
  public Start start(Provider provider, URI redirectUri) {
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    AuthenticationRequest request =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope("openid", "email", "profile"),
                new ClientID(provider.clientId()),
                redirectUri)
            .endpointURI(metadata(provider).getAuthorizationEndpointURI())
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build();
    return new Start(request.toURI(), state.getValue(), nonce.getValue(), verifier.getValue());
  }

  /**
   * Trades the code for tokens at the provider's token endpoint (with the PKCE verifier) and
   * returns the ID token, still to be verified; empty when the provider refuses.
   */
  public Optional<String> idToken(
      Provider provider, String code, URI redirectUri, String codeVerifier) throws IOException {
    AuthorizationCodeGrant grant =
        new AuthorizationCodeGrant(
            new AuthorizationCode(code), redirectUri, new CodeVerifier(codeVerifier));
    URI endpoint = metadata(provider).getTokenEndpointURI();
    TokenRequest request =
        provider.clientSecret().isPresent()
            ? new TokenRequest(endpoint, authentication(provider), grant)
            : new TokenRequest(endpoint, new ClientID(provider.clientId()), grant);
    try {
      TokenResponse response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
      if (!response.indicatesSuccess()) {
        return Optional.empty();
      }
      return Optional.ofNullable(
          ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDTokenString());
    } catch (com.nimbusds.oauth2.sdk.ParseException e) {
      return Optional.empty();
    }
  }

  private static ClientAuthentication authentication(Provider provider) {
    return new ClientSecretBasic(
        new ClientID(provider.clientId()), new Secret(provider.clientSecret().orElseThrow()));
  }

  private OIDCProviderMetadata metadata(Provider provider) {
    return discovered.computeIfAbsent(
        provider.issuer(),
        issuer -> {
          try {
            return OIDCProviderMetadata.resolve(new Issuer(issuer));
          } catch (GeneralException | IOException e) {
            throw new bzh.estran.errors.Unavailable(
                "The identity provider " + provider.name() + " cannot be reached.");
          }
        });
  }
}
