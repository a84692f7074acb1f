package bzh.estran;

import bzh.estran.audit.AuditLog;
import bzh.estran.audit.AuditRetention;
import bzh.estran.auth.AuthService;
import bzh.estran.auth.OidcVerifier;
import bzh.estran.auth.PrincipalCache;
import bzh.estran.auth.core.Principal;
import bzh.estran.auth.core.TokenSecrets;
import bzh.estran.catalog.TemplateLoader;
import bzh.estran.catalog.core.Catalog;
import bzh.estran.catalog.core.TemplateRenderer;
import bzh.estran.catalog.core.TemplateValidator;
import bzh.estran.cohort.CohortService;
import bzh.estran.cohort.core.JoinCodes;
import bzh.estran.config.ConfigException;
import bzh.estran.config.EstranConfig;
import bzh.estran.config.Mode;
import bzh.estran.dataset.DatasetDownloads;
import bzh.estran.dataset.DatasetGrants;
import bzh.estran.dataset.DatasetRuns;
import bzh.estran.dataset.DatasetService;
import bzh.estran.dataset.DatasetStore;
import bzh.estran.dataset.DemoImport;
import bzh.estran.dataset.LoaderTokens;
import bzh.estran.dataset.PostgresDatasetStore;
import bzh.estran.dataset.RunFiles;
import bzh.estran.dataset.Stewards;
import bzh.estran.db.Database;
import bzh.estran.db.EmbeddedDatabase;
import bzh.estran.http.HttpServer;
import bzh.estran.kube.ClusterWatch;
import bzh.estran.kube.KubeClients;
import bzh.estran.kube.KubeGateway;
import bzh.estran.kube.KubeRetry;
import bzh.estran.kube.SimulatedCluster;
import bzh.estran.kube.core.DatasetLoaderObjects;
import bzh.estran.membership.MemberService;
import bzh.estran.notify.MailSender;
import bzh.estran.notify.MailTemplates;
import bzh.estran.notify.Notices;
import bzh.estran.notify.SmtpMailSender;
import bzh.estran.notify.core.ExpiryWarnings;
import bzh.estran.quota.QuotaAdmission;
import bzh.estran.quota.QuotaMetrics;
import bzh.estran.quota.QuotaService;
import bzh.estran.quota.QuotaTotals;
import bzh.estran.sandbox.AdmissionGroups;
import bzh.estran.sandbox.DatasetPreload;
import bzh.estran.sandbox.DriftInbox;
import bzh.estran.sandbox.KubeconfigIssuer;
import bzh.estran.sandbox.LiveSandboxes;
import bzh.estran.sandbox.ProvisioningSettings;
import bzh.estran.sandbox.ReconcileQueue;
import bzh.estran.sandbox.Replicas;
import bzh.estran.sandbox.SandboxListings;
import bzh.estran.sandbox.SandboxMetrics;
import bzh.estran.sandbox.SandboxNoticeSubjects;
import bzh.estran.sandbox.SandboxReconciler;
import bzh.estran.sandbox.SandboxRetention;
import bzh.estran.sandbox.SandboxService;
import bzh.estran.sandbox.SandboxViews;
import bzh.estran.sandbox.Sweeper;
import bzh.estran.schedule.Scheduling;
import bzh.estran.tenancy.TenancyService;
import bzh.estran.web.CatalogDatasets;
import bzh.estran.web.ClassRefusals;
import bzh.estran.web.DatasetListing;
import bzh.estran.web.OidcLogin;
import bzh.estran.web.WebPages;
import bzh.estran.web.WebSessions;
import bzh.estran.web.core.Secrets;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wiring only: configuration, then templates, database, cluster, services, HTTP and scheduler, each
 * built by constructor. {@link #close()} stops them in the reverse order.
 */
public final class Estran implements AutoCloseable {

  /**
   * The most creations of one institution admitted in one transaction ({@link AdmissionGroups}): a
   * class's rush on a replica's request threads rarely has more in flight at once, and a group this
   * size writes its batches in a few milliseconds.
   */
  private static final int MAX_ADMISSION_GROUP = 64;

  private final Deque<AutoCloseable> parts;
  private final HttpServer http;
  private final String bootstrapToken;
  private final Optional<String> simulatedClusterUrl;

  private Estran(
      Deque<AutoCloseable> parts,
      HttpServer http,
      String bootstrapToken,
      Optional<String> simulatedClusterUrl) {
    this.parts = parts;
    this.http = http;
    this.bootstrapToken = bootstrapToken;
    this.simulatedClusterUrl = simulatedClusterUrl;
  }

  /** Starts Estran; throws, having stopped whatever it had started, if any part cannot start. */
  public static Estran start(EstranConfig config, Clock clock) {
    Deque<AutoCloseable> parts = new ArrayDeque<>();
    try {
      return start(config, clock, parts);
    } catch (RuntimeException e) {
      closeAll(parts);
      throw e;
    }
  }

  private static Estran start(EstranConfig config, Clock clock, Deque<AutoCloseable> parts) {
    // Logging sets itself up once, here, before the threads below log: a call made on another
    // thread while it does would be queued and replayed, with a warning on standard error.
    org.slf4j.LoggerFactory.getILoggerFactory();
    // The slow parts of a start that need nothing else are made on threads of their own: the
    // database (starting the embedded server, migrating), the templates (read and validated) and
    // the cluster client; this thread joins each where it is first needed.
    StartingPart<OpenedDatabase> opening =
        StartingPart.start(
            "estran-start-database", () -> openDatabase(config), OpenedDatabase::parts);
    StartingPart<Catalog> loading =
        StartingPart.start(
            "estran-start-templates",
            () -> new TemplateLoader(new TemplateValidator()).load(config.templatesDir()));
    Optional<String> simulatedUrl = startSimulatedCluster(config, parts);
    Optional<String> kubeUrl = simulatedUrl.or(config::kubeApiUrl);
    StartingPart<KubernetesClient> connecting =
        StartingPart.start(
            "estran-start-cluster-client",
            () -> connectToCluster(kubeUrl, config.kubeMaxInFlight()),
            client -> List.of(client::close));
    try {
      return start(config, clock, parts, opening, loading, connecting, simulatedUrl);
    } catch (RuntimeException e) {
      // wait for what is still starting, so that it is closed with the rest
      opening.abandon(parts, e);
      connecting.abandon(parts, e);
      throw e;
    }
  }

  /** In dev mode without ESTRAN_KUBE_API_URL, the in-process simulated cluster's URL. */
  private static Optional<String> startSimulatedCluster(
      EstranConfig config, Deque<AutoCloseable> parts) {
    if (config.mode() != Mode.DEV || config.kubeApiUrl().isPresent()) {
      return Optional.empty();
    }
    SimulatedCluster cluster =
        SimulatedCluster.start(
            Optional.of(config.dataDir().resolve("cluster.yaml")), request -> Optional.empty());
    parts.push(cluster);
    return Optional.of(cluster.url());
  }

  /**
   * The cluster client; its first call to the API server (the HTTP client's and TLS's classes, the
   * handshake) is made meanwhile on a thread of its own, rather than by the first /readyz. That
   * call's answer is not kept: /readyz asks the cluster itself, every time.
   */
  private static KubernetesClient connectToCluster(Optional<String> kubeUrl, int maxInFlight) {
    KubernetesClient client = KubeClients.create(kubeUrl, maxInFlight);
    StartingPart.start("estran-start-cluster-check", () -> firstCall(client));
    return client;
  }

  private static boolean firstCall(KubernetesClient client) {
    try {
      client.getKubernetesVersion();
      return true;
    } catch (RuntimeException e) {
      return false; // /readyz says so when asked
    }
  }

  private static Estran start(
      EstranConfig config,
      Clock clock,
      Deque<AutoCloseable> parts,
      StartingPart<OpenedDatabase> opening,
      StartingPart<Catalog> loading,
      StartingPart<KubernetesClient> connecting,
      Optional<String> simulatedUrl) {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Database database = opening.join(parts).database();
    database.bindMetrics(meters);
    TenancyService tenancy = new TenancyService(database.jdbi(), clock);
    AuthService auth =
        new AuthService(
            database.jdbi(),
            new TokenSecrets(new SecureRandom()),
            clock,
            new OidcVerifier(config.oidcProviders(), config.oidcAudience(), clock),
            config.oidcDomains(),
            new PrincipalCache(config.authCacheTtl(), meters));
    String bootstrapToken = installBootstrapToken(config, auth, tenancy);
    SecureRandom random = new SecureRandom();
    Stewards stewards = new Stewards(database.jdbi(), clock);
    DatasetStore datasetStore = new PostgresDatasetStore(database.jdbi(), clock);
    LoaderTokens loaderTokens = new LoaderTokens(database.jdbi(), random);
    DatasetGrants datasetGrants = new DatasetGrants(database.jdbi(), loaderTokens);
    DatasetService datasets = new DatasetService(database.jdbi(), stewards, clock, random);
    String replicaId = instanceId();
    DatasetRuns datasetRuns =
        new DatasetRuns(
            database.jdbi(),
            stewards,
            datasetStore,
            new RunFiles(config.datasets().workDir()),
            clock,
            replicaId,
            config.replicaTimeout());
    parts.push(datasetRuns);
    AtomicInteger httpPort = new AtomicInteger();
    QuotaAdmission quota = new QuotaAdmission(config.quotaTimeZone(), meters);
    MailSender mail = SmtpMailSender.of(config.notices());
    if (mail instanceof AutoCloseable closeable) {
      parts.push(closeable);
    }
    Notices notices =
        new Notices(
            database.jdbi(),
            new SandboxNoticeSubjects(),
            MailTemplates.composer(config.notices().publicUrl(), config.quotaTimeZone()),
            mail,
            new ExpiryWarnings(config.notices().expiryWarnings()),
            config.notices().slowProvisioning(),
            meters);
    KubeGateway kube =
        kubeGateway(config, connecting.join(parts), simulatedUrl.isPresent(), meters, parts);
    DatasetPreload preload = datasetPreload(config, datasetGrants, kube, httpPort, clock);
    Catalog catalog = loading.join(parts);
    ReconcileQueue queue = new ReconcileQueue(config.provisioningWorkers());
    DriftInbox drifts = new DriftInbox(queue);
    ProvisioningSettings settings =
        new ProvisioningSettings(
            config.provisioningAttempts(),
            config.provisioningBackoff(),
            config.sandboxEgressExcept(),
            replicaId,
            config.replicaTimeout());
    queue.attach(
        new SandboxReconciler(
            database.jdbi(),
            kube,
            catalog,
            new TemplateRenderer(),
            settings,
            quota,
            clock,
            meters,
            notices,
            preload,
            drifts));
    // closed after the queue: this replica is marked gone once its reconciliations have stopped
    parts.push(
        Replicas.start(
            database.jdbi(),
            settings.instanceId(),
            config.replicaTimeout(),
            queue,
            clock,
            List.of(datasetRuns::failOrphaned)));
    parts.push(queue);
    Gauge.builder("estran.reconcile.pending", queue, ReconcileQueue::pending).register(meters);
    SandboxViews sandboxViews = new SandboxViews(config.authCacheTtl(), meters);
    database.afterCommit(sandboxViews::invalidateAll);
    SandboxListings sandboxListings = new SandboxListings(config.authCacheTtl(), meters);
    database.afterCommit(sandboxListings::invalidateAll);
    SandboxService sandboxes =
        new SandboxService(
            database.jdbi(),
            catalog,
            queue,
            quota,
            clock,
            meters,
            notices,
            datasetGrants,
            sandboxViews,
            sandboxListings);
    QuotaService quotas = new QuotaService(database.jdbi(), quota, clock);
    QuotaMetrics quotaMetrics =
        new QuotaMetrics(
            database.jdbi(),
            quotas,
            new QuotaTotals(database.jdbi(), quota, clock, meters),
            meters);
    SandboxMetrics.register(database.jdbi(), meters);
    CohortService cohorts =
        new CohortService(database.jdbi(), new JoinCodes(new SecureRandom()), clock);
    KubeconfigIssuer kubeconfigs = new KubeconfigIssuer(database.jdbi(), kube, clock);
    MemberService members = new MemberService(database.jdbi(), sandboxes, clock);
    AuditLog audit = new AuditLog(database.jdbi(), clock);
    AdmissionGroups admissions = new AdmissionGroups(sandboxes, audit, MAX_ADMISSION_GROUP, meters);
    WebPages.AdminServices admin =
        new WebPages.AdminServices(
            tenancy, quotas, members, new ClassRefusals(database.jdbi(), clock));
    WebPages pages =
        webPages(
            config,
            clock,
            database,
            audit,
            auth,
            catalog,
            new CatalogDatasets(datasets),
            sandboxes,
            kubeconfigs,
            cohorts,
            admin);
    HttpServer http =
        HttpServer.start(
            config.httpPort(),
            new HttpServer.Services(
                database,
                kube,
                auth,
                tenancy,
                catalog,
                sandboxes,
                admissions,
                kubeconfigs,
                quotas,
                cohorts,
                members,
                meters,
                audit,
                config.rateLimitPerMinute(),
                config.metricsToken(),
                clock,
                pages,
                new HttpServer.Datasets(
                    datasets,
                    datasetRuns,
                    stewards,
                    new DatasetDownloads(
                        database.jdbi(),
                        loaderTokens,
                        datasetStore,
                        new LiveSandboxes(database.jdbi(), clock)))));
    parts.push(http);
    httpPort.set(http.port());
    // The informers list the whole cluster's labelled objects first: they start once the HTTP
    // server listens, so /readyz (the database and the API server reachable) does not wait for
    // them.
    // Until their first list, the reconciler asks the API server, as it does for an unwatched kind.
    ClusterWatch watch = watchTheCluster(kube, drifts, meters, parts);
    bindJvmMeters(meters, parts);
    Sweeper sweeper =
        new Sweeper(
            database.jdbi(),
            kube,
            watch::namespacesBySandbox,
            queue::submit,
            config.resyncInterval(),
            clock,
            meters);
    if (config.mode() == Mode.DEV) {
      new DemoImport(datasets, datasetRuns)
          .importIfEmpty(new Principal(tenancy.ensureBootstrapAdmin(), List.of()));
    }
    parts.push(
        Scheduling.start(
            config.schedulerName(),
            database.dataSource(),
            sandboxes,
            sweeper,
            quotaMetrics,
            clock,
            config.expiryInterval(),
            config.sweepInterval(),
            notices,
            config.notices().interval(),
            new AuditRetention(database.jdbi(), config.auditPersonalRetention()),
            new SandboxRetention(database.jdbi(), config.sandboxRetention())));
    return new Estran(parts, http, bootstrapToken, simulatedUrl);
  }

  /** What starts a sandbox's dataset loader Jobs (they call back to this replica's HTTP port). */
  private static DatasetPreload datasetPreload(
      EstranConfig config,
      DatasetGrants datasetGrants,
      KubeGateway kube,
      AtomicInteger httpPort,
      Clock clock) {
    return new DatasetPreload(
        datasetGrants,
        kube,
        new DatasetLoaderObjects.Settings(
            config.datasets().loaderImage(),
            config.datasets().loaderTimeout(),
            config
                .datasets()
                .controlPlaneNamespace()
                .map(
                    namespace ->
                        new DatasetLoaderObjects.ControlPlane(
                            namespace,
                            config.datasets().controlPlanePodLabels(),
                            config.httpPort()))),
        () ->
            config
                .datasets()
                .loaderUrl()
                .map(url -> url.replaceAll("/+$", ""))
                .orElse("http://localhost:" + httpPort.get()),
        clock);
  }

  /**
   * The JVM's and the machine's meters (memory, GC, threads, classes, CPU, uptime). Their binders
   * read the JVM's management beans, whose first use costs a few hundred classes: they are bound
   * once the HTTP server listens; a scrape before that sees Estran's own meters only.
   */
  private static void bindJvmMeters(PrometheusMeterRegistry meters, Deque<AutoCloseable> parts) {
    new JvmMemoryMetrics().bindTo(meters);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(meters);
    parts.push(gc);
    new JvmThreadMetrics().bindTo(meters);
    new ClassLoaderMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);
  }

  /** The gateway of every call to the API server, once the client is made; closed before it. */
  private static KubeGateway kubeGateway(
      EstranConfig config,
      KubernetesClient client,
      boolean simulated,
      PrometheusMeterRegistry meters,
      Deque<AutoCloseable> parts) {
    KubeGateway kube =
        new KubeGateway(
            client,
            config.kubeMaxInFlight(),
            config.kubePublicUrl(),
            new KubeRetry(10, meters),
            config.kubeServerSideApply() && !simulated
                ? KubeGateway.ApplyMode.SERVER_SIDE
                : KubeGateway.ApplyMode.REPLACE);
    parts.push(kube);
    Gauge.builder("estran.kube.requests.in.flight", kube, KubeGateway::inFlight).register(meters);
    return kube;
  }

  /**
   * Starts the informers (they list, then watch, in the background) and connects their caches to
   * the reconciler; stopped before the reconcile queue, so that no drift is queued once its workers
   * are stopping.
   */
  private static ClusterWatch watchTheCluster(
      KubeGateway kube, DriftInbox drifts, MeterRegistry meters, Deque<AutoCloseable> parts) {
    ClusterWatch watch = ClusterWatch.start(kube, drifts, meters);
    drifts.attach(watch);
    parts.push(watch);
    return watch;
  }

  private static WebPages webPages(
      EstranConfig config,
      Clock clock,
      Database database,
      AuditLog audit,
      AuthService auth,
      Catalog catalog,
      DatasetListing datasetListing,
      SandboxService sandboxes,
      KubeconfigIssuer kubeconfigs,
      CohortService cohorts,
      WebPages.AdminServices admin) {
    return new WebPages(
        new WebPages.Services(
            audit,
            auth,
            auth::signInWithIdToken,
            new OidcLogin(
                config.oidcProviders().stream()
                    .filter(provider -> provider.clientId().isPresent())
                    .map(
                        provider ->
                            new OidcLogin.Provider(
                                provider.issuer(),
                                provider.name(),
                                provider.clientId().get(),
                                provider.clientSecret()))
                    .toList()),
            new WebSessions(
                database.jdbi(), new Secrets(new SecureRandom()), clock, config.webSessionTtl()),
            catalog,
            datasetListing,
            sandboxes,
            kubeconfigs,
            cohorts,
            clock,
            admin),
        new WebPages.Settings(
            config.mode() == Mode.PRODUCTION,
            config.publicUrl().map(java.net.URI::create),
            config.quotaTimeZone()));
  }

  /** An open database and what it opened, in that order (the server, then the pool). */
  private record OpenedDatabase(Database database, List<AutoCloseable> parts) {}

  private static OpenedDatabase openDatabase(EstranConfig config) {
    if (config.databaseUrl().isPresent()) {
      Database database =
          Database.open(
              config.databaseUrl().get(),
              config.databaseUser(),
              config.databasePassword(),
              config.databasePoolSize());
      return new OpenedDatabase(database, List.of(database));
    }
    EmbeddedDatabase embedded = EmbeddedDatabase.start(config.dataDir().resolve("postgres"));
    try {
      Database database =
          Database.open(embedded.jdbcUrl("postgres"), "postgres", "", config.databasePoolSize());
      return new OpenedDatabase(database, List.of(embedded, database));
    } catch (RuntimeException e) {
      embedded.close();
      throw e;
    }
  }

  /**
   * Installs the bootstrap token. A configured one that was revoked stops the start with a sentence
   * (it is not brought back); dev mode's own token, when revoked, is replaced by a new one.
   */
  private static String installBootstrapToken(
      EstranConfig config, AuthService auth, TenancyService tenancy) {
    String token = bootstrapToken(config);
    if (token == null || auth.installBootstrapToken(tenancy.ensureBootstrapAdmin(), token)) {
      return token;
    }
    if (config.bootstrapToken().isPresent()) {
      throw new ConfigException(
          "ESTRAN_BOOTSTRAP_TOKEN was revoked (or is no longer usable); a revoked token is never"
              + " brought back: set a new value (at least 20 characters), which replaces it.");
    }
    try {
      Files.deleteIfExists(config.dataDir().resolve("bootstrap-token"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace the revoked bootstrap token", e);
    }
    token = bootstrapToken(config);
    auth.installBootstrapToken(tenancy.ensureBootstrapAdmin(), token);
    return token;
  }

  /** The configured token; in dev mode without one, the token kept in the data dir (made once). */
  private static String bootstrapToken(EstranConfig config) {
    if (config.bootstrapToken().isPresent() || config.mode() != Mode.DEV) {
      return config.bootstrapToken().orElse(null);
    }
    Path file = config.dataDir().resolve("bootstrap-token");
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      String token = new TokenSecrets(new SecureRandom()).newToken();
      Files.createDirectories(config.dataDir());
      Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the bootstrap token in " + file, e);
    }
  }

  private static String instanceId() {
    try {
      return InetAddress.getLocalHost().getHostName()
          + "-"
          + UUID.randomUUID().toString().substring(0, 8);
    } catch (IOException e) {
      return "estran-" + UUID.randomUUID().toString().substring(0, 8);
    }
  }

  public int port() {
    return http.port();
  }

  /** The bootstrap admin's token, when one is configured or made up (dev mode). */
  public Optional<String> bootstrapToken() {
    return Optional.ofNullable(bootstrapToken);
  }

  /** The URL of the in-process simulated cluster, in dev mode without ESTRAN_KUBE_API_URL. */
  public Optional<String> simulatedClusterUrl() {
    return simulatedClusterUrl;
  }

  @Override
  public void close() {
    closeAll(parts);
  }

  private static void closeAll(Deque<AutoCloseable> parts) {
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(Estran.class).warn("Error while stopping", e);
      }
    }
  }
}
