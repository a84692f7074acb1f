package bzh.estran.bench;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.kube.core.SandboxLabels;
import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Provisioning at class scale: N sandboxes asked for at once over HTTP, how long until every one is
 * READY, then deleted; plus the latency of reading one sandbox. Prints figures, asserts only
 * correctness (every sandbox gets there), never times. Run with {@code mvn -B -Pbench test}.
 *
 * <p>System properties: {@code bench.sandboxes} (500), {@code bench.members} (10), {@code
 * bench.clients} (32 HTTP threads), {@code bench.workers} (16 provisioning workers), {@code
 * bench.inFlight} (64 Kubernetes requests), {@code bench.pool} (20 DB connections), {@code
 * bench.template} (starter), {@code bench.gets} (2000), {@code bench.warmup} (50 sandboxes
 * provisioned and deleted before measuring; 0 for a cold run), {@code bench.timeout} (PT15M),
 * {@code bench.delete} (true; false: stop once all are READY, the cluster is thrown away after the
 * run); {@code bench.env.NAME=value} sets any other setting ({@code
 * -Dbench.env.ESTRAN_KUBE_APPLY=replace}).
 *
 * <p>While provisioning and deleting, a sampler takes the stacks of the reconcile workers every 20
 * ms and says where they spend their time (Kubernetes HTTP call, database, waiting for a Kubernetes
 * slot, CPU), and the CPU used per thread group and by the whole machine is printed, so a slow
 * figure comes with its reason.
 */
@Tag("benchmark")
class ProvisioningBenchmark {

  private static final Path RESULTS = Path.of("target", "benchmarks.txt");

  private final int sandboxes = Integer.getInteger("bench.sandboxes", 500);
  private final int members =
      Math.max(1, Math.min(Integer.getInteger("bench.members", 10), sandboxes));
  private final int clients = Integer.getInteger("bench.clients", 32);
  private final int workers = Integer.getInteger("bench.workers", 16);
  private final int inFlight = Integer.getInteger("bench.inFlight", 64);
  private final int pool = Integer.getInteger("bench.pool", 20);
  private final String template = System.getProperty("bench.template", "starter");
  private final int gets = Integer.getInteger("bench.gets", 2000);
  private final int warmup = Integer.getInteger("bench.warmup", 50);
  private final Duration timeout = Duration.parse(System.getProperty("bench.timeout", "PT15M"));
  private final boolean deleteAll =
      Boolean.parseBoolean(System.getProperty("bench.delete", "true"));

  /**
   * {@code simulated} (the default: Fabric8's mock server in this JVM) or {@code kubeconfig}: the
   * cluster that KUBECONFIG names, as production mode finds it (a real API server).
   */
  private final boolean realCluster =
      switch (System.getProperty("bench.kube", "simulated")) {
        case "simulated" -> false;
        case "kubeconfig" -> true;
        default -> throw new IllegalArgumentException("bench.kube: simulated or kubeconfig");
      };

  private final ExecutorService clientPool =
      Executors.newFixedThreadPool(clients, named("bench-client"));
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .executor(Executors.newFixedThreadPool(4, named("bench-http")))
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final List<String> report = new ArrayList<>();

  @Test
  void provisionAndDeleteAClass() throws Exception {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("ESTRAN_PROVISIONING_WORKERS", Integer.toString(workers));
    overrides.put("ESTRAN_KUBE_MAX_IN_FLIGHT", Integer.toString(inFlight));
    overrides.put("ESTRAN_DATABASE_POOL_SIZE", Integer.toString(pool));
    overrides.put("ESTRAN_EXPIRY_INTERVAL", "PT1S");
    // any other setting: -Dbench.env.ESTRAN_KUBE_APPLY=replace
    System.getProperties()
        .stringPropertyNames()
        .forEach(
            key -> {
              if (key.startsWith("bench.env.")) {
                overrides.put(key.substring("bench.env.".length()), System.getProperty(key));
              }
            });
    Set<Long> benchThreads = Phase.threadIds(); // the benchmark's own HTTP client, before Estran
    long startNanos = System.nanoTime();
    try (TestApp app =
            realCluster ? TestApp.startOnKubeconfigCluster(overrides) : TestApp.start(overrides);
        KubernetesClient own = realCluster ? new KubernetesClientBuilder().build() : null) {
      double startMillis = millisSince(startNanos);
      KubernetesClient direct = realCluster ? own : app.cluster().client();
      Phase.benchThreads = benchThreads;
      Fixtures fixtures = new Fixtures(app);
      fixtures.institution("bench");
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < members; i++) {
        tokens.add(fixtures.member("bench", "student" + i + "@bench.example", "member").token());
      }
      String base = app.baseUrl();
      line(
          "Estran provisioning benchmark — %s, %d cores, Java %s",
          Instant.now(),
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      line(
          "N=%d sandboxes (template %s) for %d members; %d HTTP clients; workers=%d, kube in-flight=%d, DB pool=%d",
          sandboxes, template, members, clients, workers, inFlight, pool);
      line(
          "Test app (fresh database + %s) started in %.0f ms; load average at start: %s",
          realCluster
              ? "the KUBECONFIG cluster " + direct.getConfiguration().getMasterUrl()
              : "simulated cluster",
          startMillis,
          loadAverage());
      Phase.database = app.jdbi().withHandle(h -> h.getConnection().getCatalog());

      // The API server's own cost per request, empty here, again when it holds N sandboxes'
      // objects.
      KubeProbe emptyCluster = KubeProbe.run(direct, "probe-empty");

      // 0. Warm-up: a small class provisioned and deleted first (JIT, pools), not measured.
      long w0 = System.nanoTime();
      if (warmup > 0) {
        // the benchmark's own instruments run here too, so that the JIT compiles their code before
        // the measured rush: its CPU is counted as Estran's, whoever's code it compiles
        Sampler warmSampler = Sampler.start();
        ApiServerCounts.scrape(direct, realCluster);
        List<UUID> warm = new ArrayList<>();
        for (String body :
            fire(
                    warmup,
                    i ->
                        request(base + "/api/v1/sandboxes", tokens.get(i % members))
                            .header("Content-Type", "application/json")
                            .POST(
                                HttpRequest.BodyPublishers.ofString(
                                    "{\"template\":\""
                                        + template
                                        + "\",\"name\":\"warm-"
                                        + i
                                        + "\"}"))
                            .build(),
                    202)
                .bodies) {
          warm.add(UUID.fromString(json(body).path("id").asString()));
        }
        awaitCount(app, warm, "READY", w0, new HashMap<>());
        fire(
            warmup,
            i ->
                request(base + "/api/v1/sandboxes/" + warm.get(i), tokens.get(i % members))
                    .DELETE()
                    .build(),
            202);
        awaitCount(app, warm, "DELETED", w0, new HashMap<>());
        if (realCluster) {
          // the controller manager empties deleted namespaces after Estran's DELETED: wait for
          // that work to end, so that it is not done during the measured rush
          awaitNoSandboxNamespaces(direct, Duration.ofMinutes(10));
        }
        warmSampler.stop();
        for (int i = 0; i < 3; i++) {
          ApiServerCounts.scrape(direct, realCluster);
        }
        line(
            "Warm-up: %d sandboxes provisioned and deleted in %.0f ms (not counted below)",
            warmup, millisSince(w0));
      }
      line("");

      // 1. N creations at once.
      ApiServerCounts requestsBefore = ApiServerCounts.scrape(direct, realCluster);
      Map<String, Double> watchedBefore = watchEvents(app);
      Map<String, Double> retriedBefore = kubeRetries(app);
      Phase createPhase = Phase.begin();
      Sampler provisioning = Sampler.start();
      long t0 = System.nanoTime();
      Batch created =
          fire(
              sandboxes,
              i -> {
                String body =
                    "{\"template\":\""
                        + template
                        + "\",\"name\":\"bench-"
                        + i
                        + "\",\"duration\":\"PT4H\"}";
                return request(base + "/api/v1/sandboxes", tokens.get(i % members))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
              },
              202);
      double allAccepted = millisSince(t0);
      List<UUID> ids =
          created.bodies.stream().map(b -> UUID.fromString(json(b).path("id").asString())).toList();

      // 2. Until every one is READY (the database is the source of truth; polled every 50 ms).
      Map<Integer, Double> readyMarks = new LinkedHashMap<>();
      double allReady = awaitCount(app, ids, "READY", t0, readyMarks);
      provisioning.stop();
      Phase.Result createCost = createPhase.end();
      ApiServerCounts createRequests =
          ApiServerCounts.scrape(direct, realCluster).minus(requestsBefore);
      List<Double> provisioningTimes =
          app.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "select extract(epoch from (ready_at - created_at)) * 1000 from sandboxes where id = any(:ids)")
                          .bind("ids", ids.toArray(UUID[]::new))
                          .mapTo(Double.class)
                          .list());
      // the marks above are seen by polling, which starts once every POST is answered; these are
      // when each sandbox turned READY, from the first one's creation (the database's clock)
      List<Double> readyOffsets =
          app.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "select extract(epoch from (ready_at - min(created_at) over ())) * 1000"
                                  + " from sandboxes where id = any(:ids) order by 1")
                          .bind("ids", ids.toArray(UUID[]::new))
                          .mapTo(Double.class)
                          .list());
      int retries =
          app.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "select count(*) from sandbox_events where type = 'PROVISIONING_RETRY'")
                          .mapTo(Integer.class)
                          .one());

      // Correctness: the API lists all N as READY, and the cluster holds their namespaces.
      int listed = 0;
      Api admin = app.admin();
      for (int offset = 0; ; offset += 500) {
        Api.Response page = admin.get("/api/v1/sandboxes?state=READY&limit=500&offset=" + offset);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        int size = page.json().size();
        listed += size;
        if (size < 500) {
          break;
        }
      }
      assertThat(listed).isEqualTo(sandboxes);
      int namespaces =
          direct
              .namespaces()
              .withLabel(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGED_BY_VALUE)
              .list()
              .getItems()
              .size();
      assertThat(namespaces).isGreaterThanOrEqualTo(sandboxes);
      KubeProbe fullCluster = KubeProbe.run(direct, "probe-full");

      // 3. Reading one sandbox (with its events), sequentially.
      Api owner = admin.as(tokens.get(0));
      List<UUID> ownIds = new ArrayList<>();
      for (int i = 0; i < ids.size(); i += members) {
        ownIds.add(ids.get(i)); // sandbox i belongs to member i % members
      }
      for (int i = 0; i < 200; i++) {
        owner.get("/api/v1/sandboxes/" + ownIds.get(i % ownIds.size())); // warm-up
      }
      List<Double> getLatencies = new ArrayList<>();
      long g0 = System.nanoTime();
      for (int i = 0; i < gets; i++) {
        long s = System.nanoTime();
        Api.Response got = owner.get("/api/v1/sandboxes/" + ownIds.get(i % ownIds.size()));
        getLatencies.add(millisSince(s));
        assertThat(got.status()).isEqualTo(200);
      }
      double getsTotal = millisSince(g0);
      List<Double> listLatencies = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long s = System.nanoTime();
        assertThat(owner.get("/api/v1/sandboxes?limit=100").status()).isEqualTo(200);
        listLatencies.add(millisSince(s));
      }

      // Report.
      line("%-44s %10s", "Provisioning " + sandboxes, "ms");
      line(
          "%-44s %10.0f   (%.0f creations/s)",
          "all POSTs answered 202", allAccepted, sandboxes / allAccepted * 1000);
      line(
          "%-44s %10.0f   (%.1f sandboxes/s)",
          "all READY (from first POST)", allReady, sandboxes / allReady * 1000);
      readyMarks.forEach((pct, ms) -> line("%-44s %10.0f", "  " + pct + "% seen READY", ms));
      for (int pct : new int[] {10, 50, 90}) {
        line(
            "%-44s %10.0f",
            "  " + pct + "% READY (DB clock, from 1st creation)",
            readyOffsets.get(Math.max(0, readyOffsets.size() * pct / 100 - 1)));
      }
      line("%-44s %s", "POST latency ms", percentiles(created.latencies));
      line("%-44s %s", "created→READY per sandbox ms (DB clock)", percentiles(provisioningTimes));
      line("%-44s %10d", "provisioning retries (events)", retries);
      line("");
      line(
          "%-44s %s", "GET /sandboxes/{id} x" + gets + " sequential ms", percentiles(getLatencies));
      line(
          "%-44s %10.0f   (%.0f req/s, one client)", "  total", getsTotal, gets / getsTotal * 1000);
      line("%-44s %s", "GET /sandboxes?limit=100 x200 ms", percentiles(listLatencies));
      line("");
      line(
          "%s API server alone (fabric8 client, sequential), per request:",
          realCluster ? "The real" : "Simulated");
      line(
          "    %-40s %s",
          "holding " + fullCluster.objects + " objects: GET namespace",
          percentiles(fullCluster.get));
      line("    %-40s %s", "  create + delete ConfigMap", percentiles(fullCluster.write));
      line(
          "    %-40s %s",
          "holding " + emptyCluster.objects + " objects: GET namespace",
          percentiles(emptyCluster.get));
      line("    %-40s %s", "  create + delete ConfigMap", percentiles(emptyCluster.write));
      line("");
      line(
          "Where the reconcile workers spent their time while provisioning (%d stack samples):",
          provisioning.samples());
      provisioning.print(this::line);
      line("CPU while provisioning: %s", createCost);
      line("Per sandbox while provisioning: %s", createCost.perSandbox(sandboxes));
      createRequests.print("provisioning", sandboxes, this::line);
      line(
          "Watch events Estran received while provisioning, per sandbox: %s",
          perSandbox(watchEvents(app), watchedBefore, sandboxes));
      line(
          "Kubernetes calls Estran retried while provisioning (by status code; -1: no answer, a"
              + " broken connection or a call refused for want of a free HTTP/2 stream), per"
              + " sandbox: %s",
          perSandbox(kubeRetries(app), retriedBefore, sandboxes));
      report.forEach(System.out::println); // provisioning figures before the deletion
      System.out.flush();
      report.clear();

      double allDeleted = -1;
      if (deleteAll) {
        // 4. Delete all, at once; until every one is DELETED.
        ApiServerCounts deleteBefore = ApiServerCounts.scrape(direct, realCluster);
        Phase deletePhase = Phase.begin();
        Sampler deleting = Sampler.start();
        long d0 = System.nanoTime();
        Batch deleted =
            fire(
                sandboxes,
                i ->
                    request(base + "/api/v1/sandboxes/" + ids.get(i), tokens.get(i % members))
                        .DELETE()
                        .build(),
                202);
        double allDeleteAccepted = millisSince(d0);
        Map<Integer, Double> deleteMarks = new LinkedHashMap<>();
        allDeleted = awaitCount(app, ids, "DELETED", d0, deleteMarks);
        deleting.stop();
        Phase.Result deleteCost = deletePhase.end();
        ApiServerCounts deleteRequests =
            ApiServerCounts.scrape(direct, realCluster).minus(deleteBefore);

        line("");
        line("%-44s %10s", "Deletion " + sandboxes, "ms");
        line("%-44s %10.0f", "all DELETEs answered 202", allDeleteAccepted);
        line(
            "%-44s %10.0f   (%.1f sandboxes/s)",
            "all DELETED (from first DELETE)", allDeleted, sandboxes / allDeleted * 1000);
        deleteMarks.forEach((pct, ms) -> line("%-44s %10.0f", "  " + pct + "% DELETED", ms));
        line("%-44s %s", "DELETE latency ms", percentiles(deleted.latencies));
        line(
            "Where the reconcile workers spent their time while deleting (%d stack samples):",
            deleting.samples());
        deleting.print(this::line);
        line("CPU while deleting: %s", deleteCost);
        line("Per sandbox while deleting: %s", deleteCost.perSandbox(sandboxes));
        deleteRequests.print("deleting", sandboxes, this::line);
      }
      line("Load average at the end: %s", loadAverage());
      report.forEach(System.out::println);
      Files.createDirectories(RESULTS.getParent());
      Files.writeString(
          RESULTS,
          String.format(
              "%s provisioning N=%d template=%s kube=%s workers=%d inFlight=%d: accepted %.0f ms,"
                  + " READY %.0f ms, POST p50/p95/p99 %s, DELETED %.0f ms, GET p50/p95/p99 %s;"
                  + " per sandbox: %s, API requests %s; load %s%n",
              Instant.now(),
              sandboxes,
              template,
              realCluster ? "kubeconfig" : "simulated",
              workers,
              inFlight,
              allAccepted,
              allReady,
              short3(created.latencies),
              allDeleted,
              short3(getLatencies),
              createCost.perSandbox(sandboxes),
              createRequests.summary(sandboxes),
              loadAverage()),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } finally {
      http.executor().ifPresent(e -> ((ExecutorService) e).shutdownNow());
      clientPool.shutdownNow();
    }
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    java.util.concurrent.atomic.AtomicInteger count =
        new java.util.concurrent.atomic.AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private HttpRequest.Builder request(String url, String token) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token);
  }

  /**
   * Sends N requests from a fixed pool of client threads; every answer must have {@code status}.
   */
  private Batch fire(int count, IntFunction<HttpRequest> requests, int status) throws Exception {
    {
      List<Future<String[]>> futures = new ArrayList<>();
      Double[] latencies = new Double[count];
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(
            clientPool.submit(
                () -> {
                  HttpRequest request = requests.apply(index);
                  long s = System.nanoTime();
                  HttpResponse<String> response =
                      http.send(request, HttpResponse.BodyHandlers.ofString());
                  latencies[index] = millisSince(s);
                  return new String[] {Integer.toString(response.statusCode()), response.body()};
                }));
      }
      List<String> bodies = new ArrayList<>();
      for (Future<String[]> future : futures) {
        String[] answer = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(Integer.parseInt(answer[0])).as(answer[1]).isEqualTo(status);
        bodies.add(answer[1]);
      }
      return new Batch(bodies, Arrays.asList(latencies));
    }
  }

  private record Batch(List<String> bodies, List<Double> latencies) {}

  /** Polls the database until all {@code ids} are in {@code state}; ms since {@code t0}. */
  private double awaitCount(
      TestApp app, List<UUID> ids, String state, long t0, Map<Integer, Double> marks)
      throws InterruptedException {
    UUID[] array = ids.toArray(UUID[]::new);
    long deadline = System.nanoTime() + timeout.toNanos();
    int[] steps = {10, 50, 90};
    int next = 0;
    while (true) {
      int count =
          app.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "select count(*) from sandboxes where state = :state and id = any(:ids)")
                          .bind("state", state)
                          .bind("ids", array)
                          .mapTo(Integer.class)
                          .one());
      double now = millisSince(t0);
      while (next < steps.length && count * 100 >= steps[next] * ids.size()) {
        marks.put(steps[next++], now);
      }
      if (count == ids.size()) {
        return now;
      }
      if (System.nanoTime() > deadline) {
        Map<String, Integer> states =
            app.jdbi()
                .withHandle(
                    h -> {
                      Map<String, Integer> m = new HashMap<>();
                      h.createQuery(
                              "select state, count(*) as n from sandboxes where id = any(:ids) group by state")
                          .bind("ids", array)
                          .map((rs, ctx) -> m.put(rs.getString("state"), rs.getInt("n")))
                          .list();
                      return m;
                    });
        throw new AssertionError(
            "Only "
                + count
                + " of "
                + ids.size()
                + " "
                + state
                + " after "
                + timeout
                + ": "
                + states);
      }
      Thread.sleep(50);
    }
  }

  private static JsonNode json(String body) {
    return tools.jackson.databind.json.JsonMapper.builder().build().readTree(body);
  }

  /** Waits until the cluster holds no namespace of Estran's (terminating ones included). */
  private static void awaitNoSandboxNamespaces(KubernetesClient cluster, Duration limit) {
    long until = System.nanoTime() + limit.toNanos();
    while (!cluster
        .namespaces()
        .withLabel("app.kubernetes.io/managed-by", "estran")
        .list()
        .getItems()
        .isEmpty()) {
      if (System.nanoTime() > until) {
        throw new IllegalStateException("the warm-up's namespaces are still there after " + limit);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static double millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e6;
  }

  private static String percentiles(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return String.format(
        "p50 %7.1f  p95 %7.1f  p99 %7.1f  max %7.1f",
        at(sorted, 50), at(sorted, 95), at(sorted, 99), sorted.get(sorted.size() - 1));
  }

  private static String short3(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return String.format("%.1f/%.1f/%.1f ms", at(sorted, 50), at(sorted, 95), at(sorted, 99));
  }

  private static double at(List<Double> sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2] + " (1/5/15 min)";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** {@code estran_watch_events_total} by kind and type, as {@code /metrics} says. */
  private static Map<String, Double> watchEvents(TestApp app) {
    return samples(
        app,
        "(?m)^estran_watch_events_total\\{kind=\"([^\"]+)\",type=\"([^\"]+)\"\\} ([0-9.eE+]+)$");
  }

  /** {@code estran_kube_retries_total} by status code, as {@code /metrics} says. */
  private static Map<String, Double> kubeRetries(TestApp app) {
    return samples(app, "(?m)^estran_kube_retries_total\\{code=\"([^\"]+)\"()\\} ([0-9.eE+]+)$");
  }

  /** The samples of {@code /metrics} a pattern of three groups (two labels, the value) finds. */
  private static Map<String, Double> samples(TestApp app, String pattern) {
    Map<String, Double> found = new HashMap<>();
    java.util.regex.Matcher sample =
        java.util.regex.Pattern.compile(pattern).matcher(app.admin().get("/metrics").body());
    while (sample.find()) {
      found.put(
          (sample.group(1) + " " + sample.group(2)).strip(), Double.parseDouble(sample.group(3)));
    }
    return found;
  }

  /** What grew from {@code before} to {@code after}, per sandbox: in all, then by key. */
  private static String perSandbox(Map<String, Double> after, Map<String, Double> before, int n) {
    Map<String, Double> delta = ApiServerCounts.diff(after, before);
    double all = delta.values().stream().mapToDouble(Double::doubleValue).sum();
    return String.format("%.2f in all; %s", all / n, byKeyPerSandbox(delta, n));
  }

  /** {@code key value/n, ...}, the largest first, or {@code none}. */
  private static String byKeyPerSandbox(Map<String, Double> counts, int n) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / n))
        .reduce((a, b) -> a + ", " + b)
        .orElse("none");
  }

  /**
   * What a real API server counted ({@code /metrics}): {@code apiserver_request_total} by verb and
   * resource, and {@code apiserver_flowcontrol_dispatched_requests_total} by flow schema (which
   * tells Estran's requests, from an exempt admin identity, apart from the controller manager's).
   * Subtracting two scrapes gives what a phase cost. Empty on the simulated cluster.
   */
  private record ApiServerCounts(Map<String, Double> requests, Map<String, Double> flows) {

    private static final java.util.regex.Pattern SAMPLE =
        java.util.regex.Pattern.compile("^([a-z_]+)\\{([^}]*)\\} ([0-9.e+]+)$");
    private static final java.util.regex.Pattern LABEL =
        java.util.regex.Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

    static ApiServerCounts scrape(KubernetesClient client, boolean real) {
      Map<String, Double> requests = new HashMap<>();
      Map<String, Double> flows = new HashMap<>();
      if (!real) {
        return new ApiServerCounts(requests, flows);
      }
      String master = client.getConfiguration().getMasterUrl();
      String text = client.raw((master.endsWith("/") ? master : master + "/") + "metrics");
      for (String line : text.split("\n")) {
        java.util.regex.Matcher sample = SAMPLE.matcher(line);
        if (!sample.matches()) {
          continue;
        }
        Map<String, String> labels = new HashMap<>();
        java.util.regex.Matcher label = LABEL.matcher(sample.group(2));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
        double value = Double.parseDouble(sample.group(3));
        switch (sample.group(1)) {
          case "apiserver_request_total" -> {
            String resource = labels.getOrDefault("resource", "");
            String sub = labels.getOrDefault("subresource", "");
            String key =
                labels.getOrDefault("verb", "?")
                    + " "
                    + (resource.isEmpty() ? "(non-resource)" : resource)
                    + (sub.isEmpty() ? "" : "/" + sub);
            requests.merge(key, value, Double::sum);
          }
          case "apiserver_flowcontrol_dispatched_requests_total" ->
              flows.merge(labels.getOrDefault("flow_schema", "?"), value, Double::sum);
          default -> {}
        }
      }
      return new ApiServerCounts(requests, flows);
    }

    ApiServerCounts minus(ApiServerCounts before) {
      return new ApiServerCounts(diff(requests, before.requests), diff(flows, before.flows));
    }

    private static Map<String, Double> diff(Map<String, Double> after, Map<String, Double> before) {
      Map<String, Double> delta = new HashMap<>();
      after.forEach(
          (key, value) -> {
            double d = value - before.getOrDefault(key, 0.0);
            if (d > 0) {
              delta.put(key, d);
            }
          });
      return delta;
    }

    double total() {
      return requests.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    String summary(int n) {
      if (requests.isEmpty()) {
        return "not counted (simulated cluster)";
      }
      return String.format(
          "%.1f in all, %.1f exempt (admin identity)",
          total() / n, flows.getOrDefault("exempt", 0.0) / n);
    }

    void print(String phase, int n, java.util.function.Consumer<String> out) {
      if (requests.isEmpty()) {
        return;
      }
      out.accept(
          String.format(
              "API requests counted by the API server while %s: %.0f (%.2f per sandbox), from every"
                  + " client (Estran and the controller manager); by flow schema per sandbox: %s",
              phase, total(), total() / n, byKeyPerSandbox(flows, n)));
      requests.entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .limit(24)
          .forEach(
              e ->
                  out.accept(
                      String.format(
                          "    %-44s %7.0f  %6.2f per sandbox",
                          e.getKey(), e.getValue(), e.getValue() / n)));
    }
  }

  /** Sequential calls straight to the API server: one GET, one create + delete. */
  private record KubeProbe(int objects, List<Double> get, List<Double> write) {
    static KubeProbe run(io.fabric8.kubernetes.client.KubernetesClient client, String namespace) {
      client
          .resource(
              new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                  .withNewMetadata()
                  .withName(namespace)
                  .endMetadata()
                  .build())
          .create();
      int objects = 0;
      for (Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> kind :
          List.of(
              io.fabric8.kubernetes.api.model.ResourceQuota.class,
              io.fabric8.kubernetes.api.model.LimitRange.class,
              io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
              io.fabric8.kubernetes.api.model.ServiceAccount.class,
              io.fabric8.kubernetes.api.model.rbac.Role.class,
              io.fabric8.kubernetes.api.model.rbac.RoleBinding.class,
              io.fabric8.kubernetes.api.model.ConfigMap.class,
              io.fabric8.kubernetes.api.model.Service.class,
              io.fabric8.kubernetes.api.model.apps.Deployment.class)) {
        objects += client.resources(kind).inAnyNamespace().list().getItems().size();
      }
      objects += client.namespaces().list().getItems().size();
      List<Double> get = new ArrayList<>();
      List<Double> write = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long s = System.nanoTime();
        client.namespaces().withName(namespace).get();
        get.add(millisSince(s));
      }
      for (int i = 0; i < 100; i++) {
        long s = System.nanoTime();
        client
            .resource(
                new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("probe-" + i)
                    .withNamespace(namespace)
                    .endMetadata()
                    .build())
            .create();
        client.configMaps().inNamespace(namespace).withName("probe-" + i).delete();
        write.add(millisSince(s));
      }
      client.namespaces().withName(namespace).delete();
      return new KubeProbe(objects, get, write);
    }
  }

  private void line(String format, Object... args) {
    report.add(String.format(format, args));
  }

  private void line(String text) {
    report.add(text);
  }

  /** CPU used during a phase: per thread group of this JVM, and by the whole machine. */
  private static final class Phase {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Map<Long, long[]> before; // id -> cpu nanos
    private final long[] machineBefore;
    private final long processCpuBefore;
    private final long wallBefore = System.nanoTime();
    private final long gcBefore = gcMillis();
    private final long jitBefore =
        ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    private final long pgBefore = postgresTicks();
    private final Map<String, Long> serversBefore = serverTicks();
    static volatile String database = "";
    static volatile Set<Long> benchThreads = Set.of();

    /** Ids of the threads alive now. */
    static Set<Long> threadIds() {
      Set<Long> ids = new HashSet<>();
      for (long id : THREADS.getAllThreadIds()) {
        ids.add(id);
      }
      return ids;
    }

    private Phase() {
      before = threadCpu();
      machineBefore = machine();
      processCpuBefore = processCpu();
    }

    static Phase begin() {
      return new Phase();
    }

    Result end() {
      double wall = (System.nanoTime() - wallBefore) / 1e9;
      Map<String, Double> byGroup = new HashMap<>();
      for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
        if (info == null) {
          continue;
        }
        long cpu = THREADS.getThreadCpuTime(info.getThreadId());
        if (cpu < 0) {
          continue;
        }
        long[] was = before.get(info.getThreadId());
        double used = (cpu - (was == null ? 0 : was[0])) / 1e9;
        String group =
            benchThreads.contains(info.getThreadId())
                ? "benchmark (test thread, its HTTP client)"
                : group(info.getThreadName());
        byGroup.merge(group, used, Double::sum);
      }
      long[] machineAfter = machine();
      double ticks = 100.0; // USER_HZ
      double busy = (machineAfter[0] - machineBefore[0]) / ticks;
      double total = (machineAfter[1] - machineBefore[1]) / ticks;
      double process = (processCpu() - processCpuBefore) / 1e9;
      byGroup.put("(GC pauses+concurrent, wall ms/1000)", (gcMillis() - gcBefore) / 1000.0);
      byGroup.put(
          "(JIT compiler threads, ms/1000)",
          (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitBefore)
              / 1000.0);
      double postgres = (postgresTicks() - pgBefore) / ticks;
      Map<String, Double> servers = new LinkedHashMap<>();
      serverTicks()
          .forEach(
              (name, after) ->
                  servers.put(name, (after - serversBefore.getOrDefault(name, 0L)) / ticks));
      double bench =
          byGroup.entrySet().stream()
              .filter(e -> e.getKey().startsWith("benchmark"))
              .mapToDouble(Map.Entry::getValue)
              .sum();
      return new Result(
          wall, process, Math.max(0, process - bench), busy, total, postgres, servers, byGroup);
    }

    /**
     * @param estran this JVM's CPU less the benchmark's own threads (its HTTP clients, the sampler,
     *     the test thread); GC and JIT are counted as Estran's
     * @param servers CPU of the API server's processes on this machine, by name (kube-apiserver,
     *     etcd, kube-controller-manager), when they run here
     */
    record Result(
        double wall,
        double process,
        double estran,
        double machineBusy,
        double machineTotal,
        double postgres,
        Map<String, Double> servers,
        Map<String, Double> groups) {

      /** CPU milliseconds per sandbox: Estran, its database, each API server process. */
      String perSandbox(int n) {
        StringBuilder text =
            new StringBuilder(
                String.format(
                    "Estran %.1f CPU-ms, PostgreSQL %.1f CPU-ms",
                    1000 * estran / n, 1000 * postgres / n));
        servers.forEach(
            (name, cpu) -> text.append(String.format(", %s %.1f CPU-ms", name, 1000 * cpu / n)));
        return text.toString();
      }

      @Override
      public String toString() {
        StringBuilder text = new StringBuilder();
        text.append(
            String.format(
                "wall %.1f s; this JVM %.1f CPU-s (Estran %.1f, the rest the benchmark's threads);"
                    + " its PostgreSQL backends %.1f CPU-s;%s machine busy %.1f of %.1f CPU-s"
                    + " (%.0f%%), so other processes ~%.1f CPU-s%n",
                wall,
                process,
                estran,
                postgres,
                servers.entrySet().stream()
                    .map(e -> String.format(" %s %.1f CPU-s;", e.getKey(), e.getValue()))
                    .reduce("", String::concat),
                machineBusy,
                machineTotal,
                machineTotal == 0 ? 0 : 100 * machineBusy / machineTotal,
                Math.max(
                    0,
                    machineBusy
                        - process
                        - postgres
                        - servers.values().stream().mapToDouble(Double::doubleValue).sum())));
        groups.entrySet().stream()
            .filter(e -> e.getValue() >= 0.05 && !e.getKey().startsWith("("))
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .forEach(
                e ->
                    text.append(
                        String.format("    %-40s %6.1f CPU-s%n", e.getKey(), e.getValue())));
        double threads =
            groups.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("("))
                .mapToDouble(Map.Entry::getValue)
                .sum();
        text.append(
            String.format(
                "    %-40s %6.1f CPU-s  (GC time %.1f s, JIT threads %.1f s)%n",
                "JVM-internal (JIT, GC) and ended threads",
                Math.max(0, process - threads),
                groups.getOrDefault("(GC pauses+concurrent, wall ms/1000)", 0.0),
                groups.getOrDefault("(JIT compiler threads, ms/1000)", 0.0)));
        return text.toString().stripTrailing();
      }
    }

    private static long gcMillis() {
      return ManagementFactory.getGarbageCollectorMXBeans().stream()
          .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
          .filter(t -> t > 0)
          .sum();
    }

    /**
     * utime + stime (clock ticks) of the PostgreSQL backends serving the benchmark's database
     * (found by their process title, which names the database): right on a PostgreSQL shared with
     * other work too. The server's own background processes are not counted.
     */
    private static long postgresTicks() {
      if (database.isEmpty()) {
        return 0;
      }
      long total = 0;
      for (long[] proc :
          processes(cmd -> cmd.startsWith("postgres: ") && cmd.contains(" " + database + " "))
              .values()) {
        total += proc[0];
      }
      return total;
    }

    /** utime + stime (clock ticks) of the API server processes running on this machine, by name. */
    private static Map<String, Long> serverTicks() {
      Map<String, Long> ticks = new LinkedHashMap<>();
      for (String name : List.of("kube-apiserver", "etcd", "kube-controller-manager")) {
        long total = 0;
        boolean found = false;
        for (long[] proc :
            processes(cmd -> firstWordEndsWith(cmd, "/" + name) || cmd.startsWith(name + " "))
                .values()) {
          total += proc[0];
          found = true;
        }
        if (found) {
          ticks.put(name, total);
        }
      }
      return ticks;
    }

    private static boolean firstWordEndsWith(String cmd, String suffix) {
      int space = cmd.indexOf(' ');
      return (space < 0 ? cmd : cmd.substring(0, space)).endsWith(suffix);
    }

    /** pid -> {utime + stime ticks} of the processes whose command line matches. */
    private static Map<Long, long[]> processes(java.util.function.Predicate<String> commandLine) {
      Map<Long, long[]> found = new HashMap<>();
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
          try {
            String cmd = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
            if (!commandLine.test(cmd)) {
              continue;
            }
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            found.put(
                Long.parseLong(proc.getFileName().toString()),
                new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12])});
          } catch (IOException | RuntimeException e) {
            // the process ended meanwhile
          }
        }
      } catch (IOException e) {
        // no /proc: nothing to count
      }
      return found;
    }

    private static Map<Long, long[]> threadCpu() {
      Map<Long, long[]> cpu = new HashMap<>();
      for (long id : THREADS.getAllThreadIds()) {
        cpu.put(id, new long[] {THREADS.getThreadCpuTime(id)});
      }
      return cpu;
    }

    private static long processCpu() {
      return ((com.sun.management.OperatingSystemMXBean)
              ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }

    /** busy and total jiffies of the machine, from /proc/stat (zeros elsewhere). */
    private static long[] machine() {
      try {
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < cpu.length; i++) {
          total += Long.parseLong(cpu[i]);
        }
        long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
        return new long[] {total - idle, total};
      } catch (IOException | RuntimeException e) {
        return new long[] {0, 0};
      }
    }

    static String group(String name) {
      String lower = name.toLowerCase();
      if (lower.startsWith("estran-reconcile")) return "reconcile workers";
      if (lower.contains("mockwebserver")
          || lower.contains("netty")
          || lower.contains("vert.x")
          || lower.contains("vertx")) return "simulated API server (mock)";
      if (lower.startsWith("jdkhttpclientfactory")) return "Fabric8 client executor";
      if (lower.startsWith("httpclient") || lower.contains("okhttp"))
        return "JDK HttpClient selectors";
      if (lower.startsWith("jetty") || lower.startsWith("qtp") || lower.contains("javalin"))
        return "Jetty/Javalin (API)";
      if (lower.startsWith("bench-")) return "benchmark (HTTP clients, sampler)";
      if (lower.contains("quartz")
          || lower.startsWith("estran_")
          || lower.startsWith("estran-test")) return "Quartz";
      if (lower.contains("hikari")) return "Hikari";
      if (lower.contains("gc")
          || lower.contains("g1")
          || lower.contains("compiler")
          || lower.contains("c2")
          || lower.contains("c1")) return "JVM (GC/JIT)";
      return "other: " + name.replaceAll("[-#]?\\d+", "#");
    }
  }

  /**
   * Samples, every 20 ms, the stacks of the reconcile workers, of the threads that apply a
   * sandbox's objects in parallel, and of the API's request threads while busy in Estran code, and
   * sorts what they were doing.
   */
  private static final class Sampler implements Runnable {
    private static final String WORKERS = "reconcile workers (estran-reconcile-*)";
    private static final String APPLY = "parallel apply threads (estran-kube-apply), when busy";
    private static final String REQUESTS = "API request threads (Jetty), when busy in Estran";
    private final Map<String, Map<String, Integer>> categories = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> estranFrames = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this, "bench-sampler");

    static Sampler start() {
      Sampler sampler = new Sampler();
      sampler.thread.setDaemon(true);
      sampler.thread.start();
      return sampler;
    }

    private static String kind(String name) {
      if (name.startsWith("estran-reconcile")) return WORKERS;
      if (name.startsWith("estran-kube-apply")) return APPLY;
      if (name.startsWith("JettyServerThreadPool") || name.startsWith("qtp")) return REQUESTS;
      return null;
    }

    @Override
    public void run() {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      while (running.get()) {
        for (ThreadInfo info : threads.dumpAllThreads(false, false, 128)) {
          String kind = kind(info.getThreadName());
          if (kind == null) {
            continue;
          }
          StackTraceElement[] stack = info.getStackTrace();
          String category = category(info, stack);
          if (kind != WORKERS && category.startsWith("idle")) {
            continue; // pools of idle threads: only their busy samples say something
          }
          counts.merge(kind, 1, Integer::sum);
          categories
              .computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
              .merge(category, 1, Integer::sum);
          for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("bzh.estran")) {
              estranFrames
                  .computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                  .merge(
                      frame.getClassName().replace("bzh.estran.", "") + "." + frame.getMethodName(),
                      1,
                      Integer::sum);
              break;
            }
          }
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    static String category(ThreadInfo info, StackTraceElement[] stack) {
      Set<String> classes = new HashSet<>();
      for (StackTraceElement frame : stack) {
        classes.add(frame.getClassName());
      }
      String all = String.join(" ", classes);
      if (!all.contains("bzh.estran")) {
        return "idle (no work queued)";
      }
      if (all.contains("Semaphore") && all.contains("KubeGateway")) {
        return "waiting for a Kubernetes request slot";
      }
      if (all.contains("KubeRetry")
          && Arrays.stream(stack).anyMatch(f -> f.getMethodName().equals("sleep"))) {
        return "backing off (KubeRetry)";
      }
      if (all.contains("com.zaxxer.hikari.pool.HikariPool")
          && Arrays.stream(stack).anyMatch(f -> f.getMethodName().equals("getConnection"))) {
        return "waiting for a database connection (Hikari pool)";
      }
      if (all.contains("org.postgresql") || all.contains("com.zaxxer.hikari")) {
        return "database (JDBC: a statement, its answer or a lock)";
      }
      if (all.contains("io.fabric8")) {
        if (all.contains("CompletableFuture")
            || all.contains("java.net.http") && info.getThreadState() != Thread.State.RUNNABLE) {
          return "Kubernetes API call (waiting for the answer)";
        }
        return "Kubernetes client CPU (serialisation, building requests)";
      }
      if (all.contains("KubeGateway") && all.contains("CompletableFuture")) {
        return "waiting for its objects' parallel applies (KubeGateway.applyAll)";
      }
      if (all.contains("TemplateRenderer")
          || all.contains("SandboxObjects")
          || all.contains("Yaml")) {
        return "rendering objects (CPU)";
      }
      return "other: "
          + (stack.length > 0 ? stack[0].getClassName() + "." + stack[0].getMethodName() : "?");
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.interrupt();
      thread.join();
    }

    int samples() {
      return counts.getOrDefault(WORKERS, 0);
    }

    void print(java.util.function.Consumer<String> out) {
      for (String kind : List.of(WORKERS, APPLY, REQUESTS)) {
        int total = counts.getOrDefault(kind, 0);
        if (total == 0) {
          continue;
        }
        out.accept(String.format("  %s: %d samples", kind, total));
        categories.get(kind).entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(8)
            .forEach(
                e ->
                    out.accept(
                        String.format(
                            "    %-64s %5.1f%%", e.getKey(), 100.0 * e.getValue() / total)));
        out.accept("    innermost Estran frame:");
        estranFrames.getOrDefault(kind, Map.of()).entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(6)
            .forEach(
                e ->
                    out.accept(
                        String.format(
                            "      %-62s %5.1f%%", e.getKey(), 100.0 * e.getValue() / total)));
      }
    }
  }
}
