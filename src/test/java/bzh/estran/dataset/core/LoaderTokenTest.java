package bzh.estran.dataset.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LoaderTokenTest {

  private final byte[] key = filled(1);
  private final LoaderToken tokens = new LoaderToken(key);

  @Test
  void aTokenNamesItsSandboxAndIsCheckedAgainstTheKey() {
    UUID sandbox = UUID.randomUUID();
    String token = tokens.issue(sandbox);
    assertThat(token).startsWith(LoaderToken.PREFIX + sandbox + ".");
    assertThat(tokens.verify(token)).contains(sandbox);
    assertThat(new LoaderToken(filled(2)).verify(token)).isEmpty();
  }

  @Test
  void anythingElseIsRefused() {
    UUID sandbox = UUID.randomUUID();
    String token = tokens.issue(sandbox);
    UUID other = UUID.randomUUID();
    assertThat(tokens.verify(token.replace(sandbox.toString(), other.toString()))).isEmpty();
    assertThat(tokens.verify(token + "x")).isEmpty();
    assertThat(tokens.verify(null)).isEmpty();
    assertThat(tokens.verify("estran_abc")).isEmpty();
    assertThat(tokens.verify(LoaderToken.PREFIX + "not-a-uuid.abc")).isEmpty();
    assertThat(tokens.verify(LoaderToken.PREFIX + sandbox)).isEmpty();
  }

  @Test
  void theKeyMustBeLongEnough() {
    assertThatThrownBy(() -> new LoaderToken(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
