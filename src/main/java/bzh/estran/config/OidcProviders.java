package bzh.estran.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code ESTRAN_OIDC_PROVIDERS}: a JSON array of provider objects. Every problem stops the
 * start with a sentence naming the variable and the entry (by position and issuer); the value
 * itself is never repeated, since it may hold client secrets.
 */
final class OidcProviders {

  static final String VARIABLE = "ESTRAN_OIDC_PROVIDERS";

  private static final Pattern DOMAIN =
      Pattern.compile("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");
  private static final Set<String> FIELDS =
      Set.of("issuer", "jwksUrl", "domains", "clientId", "clientSecret", "cliClientId", "name");

  private OidcProviders() {}

  /**
   * The JSON reader, built on first use only: without providers (the variable empty) the start does
   * not pay Jackson's initialisation here, on the critical path, before anything else runs.
   */
  private static final class Json {
    static final JsonMapper MAPPER =
        JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  }

  static List<OidcProvider> parse(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    JsonNode array;
    try {
      array = Json.MAPPER.readTree(value);
    } catch (JacksonException e) {
      throw new ConfigException(
          VARIABLE
              + " must be a JSON array of providers such as [{\"issuer\":"
              + " \"https://idp.univ-ubs.fr/realms/ubs\", \"domains\": [\"univ-ubs.fr\"]}]; it is"
              + " not valid JSON ("
              + e.getOriginalMessage()
              + ").");
    }
    if (array == null || !array.isArray()) {
      throw new ConfigException(
          VARIABLE + " must be a JSON array of providers, each an object with issuer and domains.");
    }
    List<OidcProvider> providers = new ArrayList<>();
    Set<String> issuers = new HashSet<>();
    for (int index = 0; index < array.size(); index++) {
      OidcProvider provider = entry(index + 1, array.get(index));
      if (!issuers.add(provider.issuer())) {
        throw new ConfigException(
            VARIABLE + " entry " + (index + 1) + " repeats issuer " + provider.issuer() + ".");
      }
      providers.add(provider);
    }
    return List.copyOf(providers);
  }

  private static OidcProvider entry(int position, JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ConfigException(VARIABLE + " entry " + position + " must be a JSON object.");
    }
    String entry = VARIABLE + " entry " + position;
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!FIELDS.contains(field.getKey())) {
        throw new ConfigException(
            entry
                + " has an unknown field '"
                + field.getKey()
                + "' (known: issuer, jwksUrl, domains, clientId, clientSecret, cliClientId, name).");
      }
    }
    String issuer =
        text(node, "issuer", entry)
            .orElseThrow(() -> new ConfigException(entry + " needs an issuer (an http(s) URL)."));
    String where = entry + " (issuer " + issuer + ")";
    URI issuerUrl = httpUrl(issuer, where, "issuer");
    Optional<URI> jwksUrl = text(node, "jwksUrl", where).map(url -> httpUrl(url, where, "jwksUrl"));
    List<String> domains = domains(node.get("domains"), where);
    return new OidcProvider(
        issuer,
        jwksUrl,
        domains,
        text(node, "clientId", where),
        text(node, "clientSecret", where),
        text(node, "cliClientId", where),
        text(node, "name", where).orElse(issuerUrl.getHost()));
  }

  private static List<String> domains(JsonNode node, String where) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new ConfigException(
          where
              + " needs domains: a non-empty array of the e-mail domains this issuer may vouch for,"
              + " such as [\"univ-ubs.fr\"].");
    }
    List<String> domains = new ArrayList<>();
    for (JsonNode domain : node) {
      String text = domain.isString() ? domain.asString().trim().toLowerCase(Locale.ROOT) : "";
      if (!DOMAIN.matcher(text).matches()) {
        throw new ConfigException(
            where + " has a domain that is not a domain name such as univ-ubs.fr: " + domain + ".");
      }
      domains.add(text);
    }
    return domains;
  }

  private static Optional<String> text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isString() || value.asString().isBlank()) {
      throw new ConfigException(where + " must give " + field + " as a non-empty string.");
    }
    return Optional.of(value.asString().trim());
  }

  private static URI httpUrl(String text, String where, String field) {
    try {
      URI uri = URI.create(text);
      if (uri.getScheme() != null
          && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))
          && uri.getHost() != null
          && uri.getUserInfo() == null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ConfigException(where + " must give " + field + " as an http(s) URL.");
  }
}
