package bzh.estran.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Estran's whole configuration, read once from {@code ESTRAN_*} environment variables and validated
 * at start. See {@link Setting#ALL} for each variable's default and meaning.
 */
public record EstranConfig(
    Mode mode,
    int httpPort,
    Path dataDir,
    Optional<String> bootstrapToken,
    Optional<String> databaseUrl,
    String databaseUser,
    String databasePassword,
    int databasePoolSize,
    Optional<String> kubeApiUrl,
    Optional<String> kubePublicUrl,
    int kubeMaxInFlight,
    boolean kubeServerSideApply,
    int provisioningWorkers,
    int provisioningAttempts,
    Duration provisioningBackoff,
    Duration expiryInterval,
    Duration sweepInterval,
    Duration resyncInterval,
    Path templatesDir,
    List<String> sandboxEgressExcept,
    ZoneId quotaTimeZone,
    List<OidcProvider> oidcProviders,
    String oidcAudience,
    Map<String, String> oidcDomains,
    int rateLimitPerMinute,
    Optional<String> metricsToken,
    String schedulerName,
    Duration replicaTimeout,
    NoticeConfig notices,
    Optional<String> publicUrl,
    Duration webSessionTtl,
    DatasetConfig datasets,
    Duration auditPersonalRetention,
    Duration sandboxRetention,
    Duration authCacheTtl) {

  /**
   * The dataset settings: loader image, the URL loaders reach Estran at (empty: {@code
   * http://localhost:<port>}), how long loaders may take, where runs keep their files, and where
   * Estran's own pods run in the cluster (namespace, empty outside a cluster, and pod labels), so
   * that loader pods may be let through to them.
   */
  public record DatasetConfig(
      String loaderImage,
      Optional<String> loaderUrl,
      Duration loaderTimeout,
      Path workDir,
      Optional<String> controlPlaneNamespace,
      Map<String, String> controlPlanePodLabels) {}

  /**
   * Reads and validates the configuration; throws {@link ConfigException} naming the bad variable.
   */
  public static EstranConfig from(Map<String, String> env) {
    EnvReader read = new EnvReader(env);
    EstranConfig config =
        new EstranConfig(
            read.mode("ESTRAN_MODE"),
            read.integer("ESTRAN_HTTP_PORT", 0, 65535),
            read.path("ESTRAN_DATA_DIR"),
            read.optional("ESTRAN_BOOTSTRAP_TOKEN"),
            read.optional("ESTRAN_DATABASE_URL"),
            read.text("ESTRAN_DATABASE_USER"),
            read.text("ESTRAN_DATABASE_PASSWORD"),
            read.integer("ESTRAN_DATABASE_POOL_SIZE", 2, 200),
            read.url("ESTRAN_KUBE_API_URL"),
            read.url("ESTRAN_KUBE_PUBLIC_URL"),
            read.integer("ESTRAN_KUBE_MAX_IN_FLIGHT", 1, 1000),
            read.choice("ESTRAN_KUBE_APPLY", "server-side", "replace").equals("server-side"),
            read.integer("ESTRAN_PROVISIONING_WORKERS", 1, 256),
            read.integer("ESTRAN_PROVISIONING_ATTEMPTS", 1, 100),
            read.duration("ESTRAN_PROVISIONING_BACKOFF"),
            read.duration("ESTRAN_EXPIRY_INTERVAL"),
            read.duration("ESTRAN_SWEEP_INTERVAL"),
            read.duration("ESTRAN_RESYNC_INTERVAL"),
            read.path("ESTRAN_TEMPLATES_DIR"),
            read.cidrs("ESTRAN_SANDBOX_EGRESS_EXCEPT"),
            read.zone("ESTRAN_QUOTA_TIME_ZONE"),
            OidcProviders.parse(read.text(OidcProviders.VARIABLE)),
            read.text("ESTRAN_OIDC_AUDIENCE"),
            read.domains("ESTRAN_OIDC_DOMAINS"),
            read.integer("ESTRAN_RATE_LIMIT_PER_MINUTE", 0, 100_000),
            read.optional("ESTRAN_METRICS_TOKEN"),
            read.text("ESTRAN_SCHEDULER_NAME"),
            read.duration("ESTRAN_REPLICA_TIMEOUT"),
            NoticeConfig.from(read),
            read.url("ESTRAN_PUBLIC_URL"),
            read.duration("ESTRAN_WEB_SESSION_TTL"),
            new DatasetConfig(
                read.text("ESTRAN_DATASET_LOADER_IMAGE"),
                read.url("ESTRAN_DATASET_LOADER_URL"),
                read.duration("ESTRAN_DATASET_LOADER_TIMEOUT"),
                read.optional("ESTRAN_DATASET_WORK_DIR")
                    .map(Path::of)
                    // dev mode keeps them in its own data folder: an instance takes the files of
                    // runs its database does not know for leftovers, so two instances on one
                    // machine
                    // must not share the folder
                    .orElse(
                        read.mode("ESTRAN_MODE") == Mode.DEV
                            ? read.path("ESTRAN_DATA_DIR").resolve("runs")
                            : Path.of(System.getProperty("java.io.tmpdir"), "estran-runs")),
                read.namespace("ESTRAN_CONTROL_PLANE_NAMESPACE"),
                read.labels("ESTRAN_CONTROL_PLANE_POD_LABELS")),
            read.duration("ESTRAN_AUDIT_PERSONAL_RETENTION"),
            read.duration("ESTRAN_SANDBOX_RETENTION"),
            read.duration("ESTRAN_AUTH_CACHE_TTL"));
    config.checkConsistency();
    return config;
  }

  private void checkConsistency() {
    if (mode == Mode.PRODUCTION && databaseUrl.isEmpty()) {
      throw new ConfigException(
          "ESTRAN_DATABASE_URL must be set in production mode (a JDBC URL such as"
              + " jdbc:postgresql://db:5432/estran).");
    }
    if (datasets.controlPlaneNamespace().isPresent() && httpPort == 0) {
      throw new ConfigException(
          "ESTRAN_HTTP_PORT must be a fixed port when ESTRAN_CONTROL_PLANE_NAMESPACE is set: the"
              + " loader NetworkPolicy names it.");
    }
    if (metricsToken.isPresent() && metricsToken.get().length() < 20) {
      throw new ConfigException("ESTRAN_METRICS_TOKEN must be at least 20 characters long.");
    }
    if (authCacheTtl.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new ConfigException(
          "ESTRAN_AUTH_CACHE_TTL must be at most PT10S: a revoked token or a deactivated user is"
              + " refused by the other replicas only once it has passed.");
    }
    if (bootstrapToken.isPresent() && bootstrapToken.get().length() < 20) {
      throw new ConfigException("ESTRAN_BOOTSTRAP_TOKEN must be at least 20 characters long.");
    }
  }

  /** The server URL to write into users' kubeconfigs, when configured. */
  public Optional<String> kubeconfigServerUrl() {
    return kubePublicUrl.or(() -> kubeApiUrl);
  }
}
