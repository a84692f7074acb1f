package bzh.estran.auth;

import bzh.estran.config.OidcProvider;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The keys of a provider configured without {@code jwksUrl}: its discovery document ({@code
 * <issuer>/.well-known/openid-configuration}) is read on first use, its {@code issuer} must be the
 * configured one, and its {@code jwks_uri} then serves the keys (cached as any JWK set). A
 * discovery that fails is tried again on the next token, never remembered.
 */
final class DiscoveredKeys implements JWKSource<SecurityContext> {

  private final OidcProvider provider;
  private final Function<URI, JWKSource<SecurityContext>> keysAt;
  private final ResourceRetriever retriever;
  private volatile JWKSource<SecurityContext> keys;

  DiscoveredKeys(
      OidcProvider provider,
      Function<URI, JWKSource<SecurityContext>> keysAt,
      ResourceRetriever retriever) {
    this.provider = provider;
    this.keysAt = keysAt;
    this.retriever = retriever;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    return discovered().get(selector, context);
  }

  private synchronized JWKSource<SecurityContext> discovered() throws KeySourceException {
    if (keys == null) {
      keys = keysAt.apply(jwksUri());
    }
    return keys;
  }

  private URI jwksUri() throws KeySourceException {
    URI discovery = provider.discoveryUrl();
    Map<String, Object> document;
    try {
      document = JSONObjectUtils.parse(retriever.retrieveResource(discovery.toURL()).getContent());
    } catch (IOException | ParseException e) {
      throw new KeySourceException(
          "cannot read the discovery document " + discovery + ": " + e.getMessage(), e);
    }
    if (!provider.issuer().equals(document.get("issuer"))) {
      throw new KeySourceException(
          "the discovery document "
              + discovery
              + " names another issuer: "
              + document.get("issuer"));
    }
    Object jwksUri = document.get("jwks_uri");
    try {
      URI uri = URI.create(String.valueOf(jwksUri));
      if (jwksUri instanceof String
          && uri.getHost() != null
          && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new KeySourceException("the discovery document " + discovery + " has no usable jwks_uri");
  }
}
