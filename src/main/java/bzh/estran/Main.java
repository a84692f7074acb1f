package bzh.estran;

import bzh.estran.catalog.core.TemplateException;
import bzh.estran.cli.EstranCli;
import bzh.estran.config.ConfigException;
import bzh.estran.config.EstranConfig;
import bzh.estran.config.Mode;
import bzh.estran.config.Setting;
import java.time.Clock;
import java.util.Arrays;

/**
 * Starts Estran from the environment; {@code --help} lists the variables it reads; {@code cli ...}
 * runs the {@code estran} command line instead.
 */
public final class Main {

  private Main() {}

  /** The JDK property that sets the common fork-join pool's parallelism. */
  static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  public static void main(String[] args) {
    commonPoolParallelism(
            Runtime.getRuntime().availableProcessors(), System.getProperty(COMMON_POOL_PARALLELISM))
        .ifPresent(parallelism -> System.setProperty(COMMON_POOL_PARALLELISM, parallelism));
    if (args.length > 0 && args[0].equals("cli")) {
      EstranCli.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (Arrays.asList(args).contains("--help")) {
      System.out.println("Estran reads these environment variables:");
      for (Setting setting : Setting.ALL) {
        System.out.printf(
            "  %-30s default %-12s %s%n",
            setting.name(),
            setting.defaultValue() == null ? "(none)" : setting.defaultValue(),
            setting.description());
      }
      return;
    }
    long started = System.nanoTime();
    EstranConfig config;
    Estran estran;
    try {
      config = EstranConfig.from(System.getenv());
      estran = Estran.start(config, Clock.systemUTC());
    } catch (ConfigException | TemplateException e) {
      System.err.println("Estran cannot start: " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      System.err.println("Estran cannot start: " + describe(e));
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(estran::close, "estran-shutdown"));
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.println(banner(config, estran, millis));
  }

  /**
   * The parallelism to give the common fork-join pool, if it must be set: on fewer than 3
   * processors its default (processors − 1) is 1, and a {@code CompletableFuture} then runs each
   * asynchronous step on a thread of its own. The JDK's HTTP client, which Fabric8 uses, hands
   * every response to such a step (HttpClientImpl.sendAsync, when the client has an executor, as
   * Fabric8's has): on 2 cores that was a new thread per Kubernetes answer, 7,779 in the first
   * minute of a class rush (docs/benchmarks.md §5). A parallelism set by the operator is kept.
   */
  static java.util.Optional<String> commonPoolParallelism(int processors, String configured) {
    if (configured != null || processors >= 3) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("2");
  }

  /** The first cause's message, with the chain of causes, in one line. */
  private static String describe(Throwable error) {
    StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
    for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
      text.append(" (")
          .append(cause.getClass().getSimpleName())
          .append(": ")
          .append(cause.getMessage())
          .append(')');
    }
    return text.toString();
  }

  private static String banner(EstranConfig config, Estran estran, long millis) {
    String api = "http://localhost:" + estran.port() + "/api/v1";
    StringBuilder text = new StringBuilder();
    text.append("\nEstran is up in ").append(millis).append(" ms — API ").append(api).append('\n');
    if (config.mode() == Mode.DEV) {
      text.append("DEV MODE — SIMULATED, nothing real runs:\n");
      text.append("  database : embedded PostgreSQL");
      text.append(
          config.databaseUrl().isPresent()
              ? " (replaced by ESTRAN_DATABASE_URL)"
              : ", data in " + config.dataDir().resolve("postgres"));
      text.append('\n');
      estran
          .simulatedClusterUrl()
          .ifPresent(
              url ->
                  text.append("  cluster  : in-memory Kubernetes API at ")
                      .append(url)
                      .append(" (stores objects, runs no pods)\n"));
    }
    estran
        .bootstrapToken()
        .ifPresent(
            token -> {
              text.append("Bootstrap platform-admin token (also in ")
                  .append(config.dataDir().resolve("bootstrap-token"))
                  .append("):\n");
              text.append("  export ESTRAN_TOKEN=").append(token).append('\n');
            });
    return text.toString();
  }
}
