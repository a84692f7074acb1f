package bzh.estran.testing;

import bzh.estran.Estran;
import bzh.estran.config.EstranConfig;
import bzh.estran.kube.SimulatedCluster;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The real application, started from its configuration like production: a fresh PostgreSQL
 * database, the simulated Kubernetes API (CRUD mock server) as its cluster, a clock the test moves,
 * and a bootstrap admin token. Restartable on the same database and cluster.
 */
public final class TestApp implements AutoCloseable {

  public static final String ADMIN_TOKEN = "estran_test-bootstrap-token-0123456789";
  public static final String METRICS_TOKEN = "test-metrics-scrape-token-0123456789";

  private final Map<String, String> env;
  private final MutableClock clock;
  private final FaultInjector faults = new FaultInjector();
  private final SimulatedCluster cluster;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Jdbi jdbi;
  private Estran estran;

  private TestApp(Map<String, String> overrides, MutableClock clock, boolean simulated) {
    this.clock = clock;
    this.cluster = simulated ? SimulatedCluster.start(Optional.empty(), faults) : null;
    String databaseUrl = TestDatabases.fresh();
    this.jdbi = Jdbi.create(databaseUrl, TestDatabases.USER, "");
    env = new HashMap<>();
    env.put("ESTRAN_MODE", "production");
    env.put("ESTRAN_HTTP_PORT", "0");
    env.put("ESTRAN_DATABASE_URL", databaseUrl);
    if (simulated) {
      env.put("ESTRAN_KUBE_API_URL", cluster.url());
    }
    env.put("ESTRAN_BOOTSTRAP_TOKEN", ADMIN_TOKEN);
    env.put("ESTRAN_METRICS_TOKEN", METRICS_TOKEN);
    env.put("ESTRAN_SCHEDULER_NAME", "estran-test-" + UUID.randomUUID());
    env.put("ESTRAN_PROVISIONING_BACKOFF", "PT0.05S");
    env.put("ESTRAN_EXPIRY_INTERVAL", "PT0.2S");
    env.put("ESTRAN_SWEEP_INTERVAL", "PT1H");
    env.putAll(overrides);
    launch();
  }

  public static TestApp start(Map<String, String> overrides) {
    return new TestApp(overrides, MutableClock.followingRealTime(), true);
  }

  /** Started with a clock the test sets (for example fixed at a known instant). */
  public static TestApp start(Map<String, String> overrides, MutableClock clock) {
    return new TestApp(overrides, clock, true);
  }

  /**
   * On the cluster that {@code KUBECONFIG} (or ~/.kube/config) names, as production finds it,
   * instead of the simulated one: for benchmarks against a real API server. {@link #cluster()} and
   * {@link #faults()} have no meaning then.
   */
  public static TestApp startOnKubeconfigCluster(Map<String, String> overrides) {
    return new TestApp(overrides, MutableClock.followingRealTime(), false);
  }

  public static TestApp start() {
    return start(Map.of());
  }

  private void launch() {
    estran = Estran.start(EstranConfig.from(env), clock);
    env.put("ESTRAN_HTTP_PORT", Integer.toString(estran.port())); // a restart keeps the address
  }

  /** Stops the application (as a crash or a deploy would) and starts it again on the same state. */
  public void restart() {
    stop();
    launch();
  }

  /** Stops the application, leaving database and cluster as they are. */
  public void stop() {
    if (estran != null) {
      estran.close();
      estran = null;
    }
  }

  /** Starts it again after {@link #stop()}. */
  public void startAgain() {
    launch();
  }

  /** The platform admin's view of the API. */
  public Api admin() {
    return new Api(http, "http://localhost:" + estran.port(), ADMIN_TOKEN);
  }

  public String baseUrl() {
    return "http://localhost:" + estran.port();
  }

  public MutableClock clock() {
    return clock;
  }

  public FaultInjector faults() {
    return faults;
  }

  public SimulatedCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException(
          "this TestApp runs on the KUBECONFIG cluster, not a simulated one");
    }
    return cluster;
  }

  /** Direct access to the database, to check what was (not) written. */
  public Jdbi jdbi() {
    return jdbi;
  }

  @Override
  public void close() {
    stop();
    if (cluster != null) {
      cluster.close();
    }
  }
}
