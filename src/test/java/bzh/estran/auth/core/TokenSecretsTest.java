package bzh.estran.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** API token generation and hashing. */
class TokenSecretsTest {

  private final TokenSecrets secrets = new TokenSecrets(new SecureRandom());

  @Test
  void aTokenIsThePrefixAnd256RandomBitsInUrlSafeBase64() {
    String token = secrets.newToken();
    assertThat(TokenSecrets.PREFIX).isEqualTo("estran_");
    assertThat(token).startsWith("estran_");
    // 32 bytes in unpadded base64 are 43 characters
    assertThat(token).hasSize("estran_".length() + 43);
    assertThat(token.substring("estran_".length())).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void tokensDoNotRepeat() {
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      tokens.add(secrets.newToken());
    }
    assertThat(tokens).hasSize(1000);
  }

  @Test
  void hashIsHexSha256() {
    assertThat(TokenSecrets.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(TokenSecrets.hash(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void hashIsStableAndDistinguishesTokens() {
    String token = secrets.newToken();
    assertThat(TokenSecrets.hash(token))
        .isEqualTo(TokenSecrets.hash(token))
        .matches("[0-9a-f]{64}");
    assertThat(TokenSecrets.hash(token)).isNotEqualTo(TokenSecrets.hash(secrets.newToken()));
    assertThat(TokenSecrets.hash(token)).doesNotContain(token.substring(7));
  }
}
