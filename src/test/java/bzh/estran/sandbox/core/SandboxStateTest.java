package bzh.estran.sandbox.core;

import static bzh.estran.sandbox.core.SandboxState.DELETED;
import static bzh.estran.sandbox.core.SandboxState.DELETING;
import static bzh.estran.sandbox.core.SandboxState.FAILED;
import static bzh.estran.sandbox.core.SandboxState.PROVISIONING;
import static bzh.estran.sandbox.core.SandboxState.READY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lifecycle state machine. */
class SandboxStateTest {

  private static final Map<SandboxState, Set<SandboxState>> ALLOWED =
      Map.of(
          PROVISIONING, EnumSet.of(READY, DELETING, FAILED),
          READY, EnumSet.of(DELETING),
          DELETING, EnumSet.of(DELETED),
          DELETED, EnumSet.noneOf(SandboxState.class),
          FAILED, EnumSet.noneOf(SandboxState.class));

  @Test
  void exactlyTheDocumentedTransitionsAreAllowed() {
    for (SandboxState from : SandboxState.values()) {
      for (SandboxState to : SandboxState.values()) {
        assertThat(from.canMoveTo(to))
            .as(from + " -> " + to)
            .isEqualTo(ALLOWED.get(from).contains(to));
      }
    }
  }

  @Test
  void noStateMovesToItself() {
    assertThat(SandboxState.values()).noneMatch(state -> state.canMoveTo(state));
  }

  @Test
  void aReadySandboxCannotGoBackOrFail() {
    assertThat(READY.canMoveTo(PROVISIONING)).isFalse();
    assertThat(READY.canMoveTo(FAILED)).isFalse();
    assertThat(DELETING.canMoveTo(READY)).isFalse();
    assertThat(DELETING.canMoveTo(FAILED)).isFalse();
  }

  @Test
  void finalStatesAreDeletedAndFailed() {
    assertThat(Arrays.stream(SandboxState.values()).filter(SandboxState::isFinal))
        .containsExactlyInAnyOrder(DELETED, FAILED);
  }

  @Test
  void liveStatesHoldResources() {
    assertThat(SandboxState.LIVE).containsExactlyInAnyOrder(PROVISIONING, READY, DELETING);
    assertThat(Arrays.stream(SandboxState.values()).filter(SandboxState::isLive))
        .containsExactlyInAnyOrder(PROVISIONING, READY, DELETING);
    assertThat(SandboxState.values()).allMatch(state -> state.isLive() != state.isFinal());
  }

  @Test
  void onlyProvisioningAndReadyWantANamespace() {
    assertThat(Arrays.stream(SandboxState.values()).filter(SandboxState::wantsNamespace))
        .containsExactlyInAnyOrder(PROVISIONING, READY);
  }
}
