package bzh.estran.testing;

import bzh.estran.Estran;
import bzh.estran.config.EstranConfig;
import java.nio.file.Path;

/**
 * One Estran replica in its own JVM, for tests that kill a process: configured by its environment
 * like production, on the {@link SharedClock} named by {@code ESTRAN_TEST_CLOCK_FILE}. Prints
 * {@code ESTRAN-REPLICA-UP <port>} once it serves, then runs until killed.
 */
public final class ReplicaMain {

  private ReplicaMain() {}

  public static void main(String[] args) throws InterruptedException {
    SharedClock clock = new SharedClock(Path.of(System.getenv("ESTRAN_TEST_CLOCK_FILE")));
    Estran estran = Estran.start(EstranConfig.from(System.getenv()), clock);
    System.out.println("ESTRAN-REPLICA-UP " + estran.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
