package bzh.estran.tenancy.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shapes of slugs, e-mail addresses and sandbox names. */
class NamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "ubs",
        "imt-atlantique",
        "x1",
        "0",
        "a-b-c",
        "abcdefghijklmnopqrstuvwxyz012345"
      })
  void validSlugs(String slug) {
    assertThat(Names.isSlug(slug)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "UBS",
        "Ubs",
        "-ubs",
        "ubs-",
        "u_bs",
        "u.bs",
        "u bs",
        "été",
        "abcdefghijklmnopqrstuvwxyz0123456"
      })
  void invalidSlugs(String slug) {
    assertThat(Names.isSlug(slug)).isFalse();
  }

  @Test
  void slugLengthLimitIs32() {
    assertThat(Names.isSlug("a".repeat(32))).isTrue();
    assertThat(Names.isSlug("a".repeat(33))).isFalse();
    assertThat(Names.isSlug(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "alice@univ-ubs.fr",
        "Alice.Martin@Univ-UBS.fr",
        "o'neil+lab@imt-atlantique.fr",
        "a@b.co",
        "x_y%z@sub.domain.example.org"
      })
  void validEmails(String email) {
    assertThat(Names.isEmail(email)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "alice",
        "alice@",
        "@univ.fr",
        "alice@univ",
        "alice@@univ.fr",
        "alice @univ.fr",
        "alice@univ.f",
        "alice@univ..fr",
        "alice@.univ.fr"
      })
  void invalidEmails(String email) {
    assertThat(Names.isEmail(email)).isFalse();
  }

  @Test
  void emailsAreAtMost254Characters() {
    String domain = "@univ-ubs.fr";
    assertThat(Names.isEmail("a".repeat(254 - domain.length()) + domain)).isTrue();
    assertThat(Names.isEmail("a".repeat(255 - domain.length()) + domain)).isFalse();
    assertThat(Names.isEmail(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"lab-1", "a", "my-sandbox", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
  void validSandboxNames(String name) {
    assertThat(Names.isSandboxName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Lab-1", "lab_1", "-lab", "lab-", "Not A Name", "lab.1"})
  void invalidSandboxNames(String name) {
    assertThat(Names.isSandboxName(name)).isFalse();
  }

  @Test
  void sandboxNamesAreAtMost40Characters() {
    assertThat(Names.isSandboxName("x".repeat(41))).isFalse();
    assertThat(Names.isSandboxName(null)).isFalse();
  }
}
