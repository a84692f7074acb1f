package bzh.estran;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void onTwoProcessorsTheCommonPoolIsGivenTwoThreads() {
    assertThat(Main.commonPoolParallelism(1, null)).contains("2");
    assertThat(Main.commonPoolParallelism(2, null)).contains("2");
  }

  @Test
  void onThreeProcessorsOrMoreOrWhenTheOperatorSetItNothingIsChanged() {
    assertThat(Main.commonPoolParallelism(3, null)).isEmpty();
    assertThat(Main.commonPoolParallelism(64, null)).isEmpty();
    assertThat(Main.commonPoolParallelism(2, "1")).isEmpty();
  }

  @Test
  void theTestsRunWithTheCommonPoolThatMainSetsSoAsynchronousStepsDoNotEachGetAThread() {
    assertThat(new CompletableFuture<Void>().defaultExecutor()).isSameAs(ForkJoinPool.commonPool());
    assertThat(ForkJoinPool.getCommonPoolParallelism()).isGreaterThanOrEqualTo(2);
  }
}
