package bzh.estran.cli.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PkceTest {

  @Test
  void the_challenge_is_the_s256_of_the_verifier() {
    // computed apart: base64url(sha256(verifier)) without padding, with Python's hashlib
    assertThat(Pkce.challengeOf("dBjftJeZ4CVP-mJ92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        .isEqualTo("ngF5GsXcbwljx6u133FFr3Xht9xooA_DuaX_3QwODtc");
  }

  @Test
  void verifiers_are_43_characters_and_fresh_each_time() {
    SecureRandom random = new SecureRandom();
    Pkce first = Pkce.generate(random);
    Pkce second = Pkce.generate(random);

    assertThat(first.verifier()).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(first.verifier()).isNotEqualTo(second.verifier());
    assertThat(first.challenge()).isEqualTo(Pkce.challengeOf(first.verifier()));
  }
}
