package bzh.estran.config;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One OpenID provider Estran trusts ({@code ESTRAN_OIDC_PROVIDERS}): its issuer, where its signing
 * keys are (absent: from its discovery document), the e-mail domains it may vouch for (sub-domains
 * included), the web pages' confidential client, the CLI's public client, and a display name.
 */
public record OidcProvider(
    String issuer,
    Optional<URI> jwksUrl,
    List<String> domains,
    Optional<String> clientId,
    Optional<String> clientSecret,
    Optional<String> cliClientId,
    String name) {

  public OidcProvider {
    domains = List.copyOf(domains);
  }

  /**
   * Whether the provider may vouch for this address: its domain is one of {@link #domains()} or a
   * sub-domain of one ({@code etud.univ-ubs.fr} for {@code univ-ubs.fr}; a look-alike such as
   * {@code evil-univ-ubs.fr} is not one).
   */
  public boolean vouchesFor(String email) {
    int at = email.lastIndexOf('@');
    if (at < 0) {
      return false;
    }
    String domain = email.substring(at + 1).toLowerCase(Locale.ROOT);
    return domains.stream()
        .anyMatch(allowed -> domain.equals(allowed) || domain.endsWith("." + allowed));
  }

  /** The issuer's discovery document, {@code <issuer>/.well-known/openid-configuration}. */
  public URI discoveryUrl() {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return URI.create(base + "/.well-known/openid-configuration");
  }

  /** The record without its client secret, safe to log or print. */
  @Override
  public String toString() {
    return "OidcProvider[issuer="
        + issuer
        + ", jwksUrl="
        + jwksUrl.map(URI::toString).orElse("(discovery)")
        + ", domains="
        + domains
        + ", clientId="
        + clientId.orElse("-")
        + ", clientSecret="
        + (clientSecret.isPresent() ? "(set)" : "-")
        + ", cliClientId="
        + cliClientId.orElse("-")
        + ", name="
        + name
        + "]";
  }
}
