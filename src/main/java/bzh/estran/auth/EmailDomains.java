package bzh.estran.auth;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * E-mail domain to institution slug ({@code ESTRAN_OIDC_DOMAINS}). A mapped domain covers its
 * sub-domains too ({@code etud.univ-ubs.fr} is {@code univ-ubs.fr}'s); the most specific mapped
 * domain wins. A look-alike such as {@code evil-univ-ubs.fr} is not a sub-domain.
 */
public final class EmailDomains {

  private final Map<String, String> slugs;

  public EmailDomains(Map<String, String> domainToSlug) {
    this.slugs = Map.copyOf(domainToSlug);
  }

  /** The slug of the institution the address's domain belongs to, if it is mapped. */
  public Optional<String> slugFor(String email) {
    int at = email.lastIndexOf('@');
    if (at < 0) {
      return Optional.empty();
    }
    String domain = email.substring(at + 1).toLowerCase(Locale.ROOT);
    while (!domain.isEmpty()) {
      String slug = slugs.get(domain);
      if (slug != null) {
        return Optional.of(slug);
      }
      int dot = domain.indexOf('.');
      domain = dot < 0 ? "" : domain.substring(dot + 1);
    }
    return Optional.empty();
  }
}
