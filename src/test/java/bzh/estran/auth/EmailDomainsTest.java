package bzh.estran.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EmailDomainsTest {

  private final EmailDomains domains =
      new EmailDomains(
          Map.of(
              "univ-ubs.fr",
              "ubs",
              "imt-atlantique.fr",
              "imt-atlantique",
              "etud.imt-atlantique.fr",
              "imt-students"));

  @Test
  void anExactDomainMaps() {
    assertThat(domains.slugFor("anne@univ-ubs.fr")).contains("ubs");
    assertThat(domains.slugFor("yann@imt-atlantique.fr")).contains("imt-atlantique");
  }

  @Test
  void aSubDomainMapsToItsParentsInstitutionAndTheMostSpecificWins() {
    assertThat(domains.slugFor("erwan@etud.univ-ubs.fr")).contains("ubs");
    assertThat(domains.slugFor("x@a.b.univ-ubs.fr")).contains("ubs");
    assertThat(domains.slugFor("lena@etud.imt-atlantique.fr")).contains("imt-students");
  }

  @Test
  void caseDoesNotMatter() {
    assertThat(domains.slugFor("Anne@Univ-UBS.FR")).contains("ubs");
  }

  @Test
  void lookAlikesAndOtherDomainsDoNotMap() {
    assertThat(domains.slugFor("m@evil-univ-ubs.fr")).isEmpty();
    assertThat(domains.slugFor("m@univ-ubs.fr.example.org")).isEmpty();
    assertThat(domains.slugFor("m@gmail.com")).isEmpty();
    assertThat(domains.slugFor("m@fr")).isEmpty();
    assertThat(domains.slugFor("no-at-sign")).isEmpty();
  }

  @Test
  void onlyJwtShapedBearersGoToTheVerifier() {
    assertThat(OidcVerifier.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"))
        .isTrue();
    assertThat(OidcVerifier.looksLikeJwt("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")).isTrue();
    assertThat(OidcVerifier.looksLikeJwt("estran_AbCdEf0123456789-_xyz")).isFalse();
    assertThat(OidcVerifier.looksLikeJwt("a.b")).isFalse();
    assertThat(OidcVerifier.looksLikeJwt("a.b.c.d.e")).isFalse();
    assertThat(OidcVerifier.looksLikeJwt("a b.c.d")).isFalse();
    assertThat(OidcVerifier.looksLikeJwt(null)).isFalse();
  }
}
