package bzh.estran.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ESTRAN_OIDC_PROVIDERS}: read into {@link OidcProvider}s, every bad entry named. */
class OidcProvidersTest {

  private static EstranConfig with(String providers) {
    return EstranConfig.from(Map.of("ESTRAN_OIDC_PROVIDERS", providers));
  }

  @Test
  void noProvidersByDefault() {
    assertThat(EstranConfig.from(Map.of()).oidcProviders()).isEmpty();
    assertThat(with("  ").oidcProviders()).isEmpty();
    assertThat(with("[]").oidcProviders()).isEmpty();
  }

  @Test
  void aFullEntryIsReadWithEveryField() {
    List<OidcProvider> providers =
        with("""
                [{"issuer": "https://idp.univ-ubs.fr/realms/ubs",
                  "jwksUrl": "https://idp.univ-ubs.fr/realms/ubs/protocol/openid-connect/certs",
                  "domains": ["univ-ubs.fr", "Etud.Univ-UBS.fr"],
                  "clientId": "estran-web", "clientSecret": "s3cret-value",
                  "cliClientId": "estran-cli", "name": "Université Bretagne Sud"},
                 {"issuer": "https://login.imt-atlantique.fr", "domains": ["imt-atlantique.fr"]}]
                """)
            .oidcProviders();

    assertThat(providers).hasSize(2);
    OidcProvider ubs = providers.get(0);
    assertThat(ubs.issuer()).isEqualTo("https://idp.univ-ubs.fr/realms/ubs");
    assertThat(ubs.jwksUrl())
        .contains(URI.create("https://idp.univ-ubs.fr/realms/ubs/protocol/openid-connect/certs"));
    assertThat(ubs.domains()).containsExactly("univ-ubs.fr", "etud.univ-ubs.fr");
    assertThat(ubs.clientId()).contains("estran-web");
    assertThat(ubs.clientSecret()).contains("s3cret-value");
    assertThat(ubs.cliClientId()).contains("estran-cli");
    assertThat(ubs.name()).isEqualTo("Université Bretagne Sud");
    assertThat(ubs.toString()).doesNotContain("s3cret-value");

    OidcProvider imt = providers.get(1);
    assertThat(imt.jwksUrl()).isEmpty();
    assertThat(imt.discoveryUrl())
        .isEqualTo(URI.create("https://login.imt-atlantique.fr/.well-known/openid-configuration"));
    assertThat(imt.clientId()).isEqualTo(Optional.empty());
    assertThat(imt.cliClientId()).isEmpty();
    assertThat(imt.name())
        .as("default name: the issuer's host")
        .isEqualTo("login.imt-atlantique.fr");
  }

  @Test
  void aProviderVouchesForItsDomainsAndTheirSubDomainsOnly() {
    OidcProvider ubs =
        with("[{\"issuer\": \"https://idp.univ-ubs.fr\", \"domains\": [\"univ-ubs.fr\"]}]")
            .oidcProviders()
            .get(0);
    assertThat(ubs.vouchesFor("anne@univ-ubs.fr")).isTrue();
    assertThat(ubs.vouchesFor("anne@ETUD.univ-ubs.fr")).isTrue();
    assertThat(ubs.vouchesFor("mallory@evil-univ-ubs.fr")).isFalse();
    assertThat(ubs.vouchesFor("paul@univ-ubs.fr.example.org")).isFalse();
    assertThat(ubs.vouchesFor("boss@imt-atlantique.fr")).isFalse();
    assertThat(ubs.vouchesFor("no-at-sign")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "{\"issuer\": \"https://idp.example\", \"domains\": [\"example.org\"]}",
        "[\"https://idp.example\"]",
        "[{\"domains\": [\"example.org\"]}]",
        "[{\"issuer\": \"ftp://idp.example\", \"domains\": [\"example.org\"]}]",
        "[{\"issuer\": \"https://idp.example\"}]",
        "[{\"issuer\": \"https://idp.example\", \"domains\": []}]",
        "[{\"issuer\": \"https://idp.example\", \"domains\": \"example.org\"}]",
        "[{\"issuer\": \"https://idp.example\", \"domains\": [\"not a domain\"]}]",
        "[{\"issuer\": \"https://idp.example\", \"domains\": [42]}]",
        "[{\"issuer\": \"https://idp.example\", \"domains\": [\"example.org\"], \"jwksUrl\": \"x\"}]",
        "[{\"issuer\": \"https://idp.example\", \"domains\": [\"example.org\"], \"clientId\": 7}]",
        "[{\"issuer\": \"https://idp.example\", \"domains\": [\"example.org\"], \"name\": \"\"}]",
        "[{\"issuer\": \"https://idp.example\", \"domains\": [\"example.org\"], \"domain\": \"x\"}]",
        "[{\"issuer\": \"https://idp.example\", \"issuer\": \"https://b.example\", \"domains\": [\"a.fr\"]}]",
        "[{\"issuer\": \"https://idp.example\", \"domains\": [\"a.fr\"]},"
            + " {\"issuer\": \"https://idp.example\", \"domains\": [\"b.fr\"]}]"
      })
  void aBadValueStopsTheStartNamingTheVariable(String value) {
    assertThatThrownBy(() -> with(value))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ESTRAN_OIDC_PROVIDERS");
  }

  @Test
  void aBadEntryIsNamedByPositionAndIssuerWithoutRepeatingItsSecret() {
    assertThatThrownBy(
            () ->
                with(
                    "[{\"issuer\": \"https://a.example\", \"domains\": [\"a.fr\"]},"
                        + " {\"issuer\": \"https://b.example\", \"clientSecret\": \"hush-hush\"}]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("entry 2 (issuer https://b.example)")
        .hasMessageContaining("domains")
        .hasMessageNotContaining("hush-hush");
  }
}
