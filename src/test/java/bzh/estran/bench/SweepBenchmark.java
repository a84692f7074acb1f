package bzh.estran.bench;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.kube.ClusterWatch;
import bzh.estran.kube.KubeClients;
import bzh.estran.kube.KubeGateway;
import bzh.estran.kube.KubeRetry;
import bzh.estran.kube.core.SandboxNames;
import bzh.estran.sandbox.Sweeper;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.MutableClock;
import bzh.estran.testing.TestApp;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The sweep over N live sandboxes (10,000 by default): how long one pass takes reading the
 * namespaces from the cluster watch's cache and, for comparison, from one list request; how long
 * the watch takes to report a namespace deleted by hand; how much heap the watch's caches take. The
 * sandboxes are rows written straight into the database (READY) and labelled namespaces in the
 * simulated cluster. Prints figures, asserts only correctness. {@code mvn -B -Pbench test
 * -Dtest=SweepBenchmark}; {@code bench.sweep.sandboxes} (10000), {@code bench.sweep.runs} (5).
 */
@Tag("benchmark")
class SweepBenchmark {

  private static final Path RESULTS = Path.of("target", "benchmarks.txt");

  private final int sandboxes = Integer.getInteger("bench.sweep.sandboxes", 10_000);
  private final int runs = Integer.getInteger("bench.sweep.runs", 5);

  @Test
  void sweepOverLiveSandboxes() throws Exception {
    try (TestApp app = TestApp.start()) {
      Fixtures fixtures = new Fixtures(app);
      fixtures.institution("ubs");
      fixtures.member("ubs", "alice@univ-ubs.fr", "member");
      UUID owner =
          app.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("select id from users where email = 'alice@univ-ubs.fr'")
                          .mapTo(UUID.class)
                          .one());
      UUID institution =
          app.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("select id from institutions where slug = 'ubs'")
                          .mapTo(UUID.class)
                          .one());
      app.stop(); // database and cluster stay; the application's own watch and sweep do not run
      org.jdbi.v3.core.Jdbi jdbi =
          app.jdbi()
              .installPlugin(new org.jdbi.v3.sqlobject.SqlObjectPlugin())
              .installPlugin(new org.jdbi.v3.postgres.PostgresPlugin());
      List<UUID> ids = new ArrayList<>();
      for (int i = 0; i < sandboxes; i++) {
        ids.add(UUID.randomUUID());
      }

      long setup = System.nanoTime();
      insertRows(app, ids, owner, institution);
      createNamespaces(app.cluster().client(), ids);
      System.out.printf(
          "setup: %d READY rows and labelled namespaces in %.1f s%n",
          sandboxes, (System.nanoTime() - setup) / 1e9);

      KubernetesClient client = KubeClients.create(Optional.of(app.cluster().url()), 64);
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      try (KubeGateway kube =
          new KubeGateway(
              client,
              64,
              Optional.empty(),
              new KubeRetry(3, meters),
              KubeGateway.ApplyMode.REPLACE)) {
        ConcurrentHashMap<String, Long> noticed = new ConcurrentHashMap<>();
        long heapBefore = usedHeap();
        long watchStart = System.nanoTime();
        try (ClusterWatch watch =
            ClusterWatch.start(
                kube,
                drift -> noticed.putIfAbsent(drift.name(), System.nanoTime()),
                new SimpleMeterRegistry())) {
          while (!watch.synced()) {
            Thread.sleep(20);
          }
          double syncSeconds = (System.nanoTime() - watchStart) / 1e9;
          long heapWatch = usedHeap() - heapBefore;

          MutableClock clock = MutableClock.followingRealTime();
          Set<UUID> queued = ConcurrentHashMap.newKeySet();
          AtomicLong submits = new AtomicLong();
          Sweeper sweeper =
              new Sweeper(
                  jdbi,
                  kube,
                  watch::namespacesBySandbox,
                  id -> {
                    submits.incrementAndGet();
                    queued.add(id);
                  },
                  Duration.ofHours(6),
                  clock,
                  meters);
          clock.advance(Duration.ofHours(6)); // the resync falls due
          long first = System.nanoTime();
          Sweeper.SweepReport resync = sweeper.sweep();
          double resyncSeconds = (System.nanoTime() - first) / 1e9;
          assertThat(resync.live()).isEqualTo(sandboxes);
          assertThat(resync.resynced()).isEqualTo(sandboxes);
          assertThat(resync.vanishedNamespaces()).isZero();

          double[] cached = new double[runs];
          for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Sweeper.SweepReport report = sweeper.sweep();
            cached[i] = (System.nanoTime() - start) / 1e9;
            assertThat(report.live()).isEqualTo(sandboxes);
            assertThat(report.vanishedNamespaces() + report.resynced()).isZero();
          }

          Sweeper listing =
              new Sweeper(
                  jdbi,
                  kube,
                  Optional::empty,
                  id -> {},
                  Duration.ofHours(6),
                  Clock.systemUTC(),
                  meters);
          double[] listed = new double[runs];
          for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Sweeper.SweepReport report = listing.sweep();
            listed[i] = (System.nanoTime() - start) / 1e9;
            assertThat(report.vanishedNamespaces()).isZero();
          }

          System.out.printf(
              "sweep: cached median %.0f ms, listed median %.0f ms, resync %.0f ms, sync %.1f s,"
                  + " heap %d MB%n",
              median(cached) * 1000,
              median(listed) * 1000,
              resyncSeconds * 1000,
              syncSeconds,
              heapWatch / (1024 * 1024));
          // a namespace deleted by hand: the watch reports it, then the sweep finds it too
          String victim = SandboxNames.namespace(ids.get(sandboxes / 2));
          long deleted = System.nanoTime();
          app.cluster().client().namespaces().withName(victim).delete();
          while (!noticed.containsKey(victim)
              && System.nanoTime() - deleted < Duration.ofSeconds(60).toNanos()) {
            Thread.sleep(1);
          }
          assertThat(noticed).containsKey(victim);
          double noticeMillis = (noticed.get(victim) - deleted) / 1e6;
          while (watch.namespacesBySandbox().orElseThrow().containsKey(ids.get(sandboxes / 2))) {
            Thread.sleep(5);
          }
          queued.clear();
          assertThat(sweeper.sweep().vanishedNamespaces()).isEqualTo(1);
          assertThat(queued).containsExactly(ids.get(sandboxes / 2));

          String summary =
              String.format(
                  "SweepBenchmark %s: %d live sandboxes; sweep from the watch cache median %.0f ms"
                      + " (min %.0f, max %.0f, %d runs); with one list request median %.0f ms"
                      + " (min %.0f, max %.0f); a resync sweep (queues all %d) %.0f ms;"
                      + " watch synced in %.1f s, caches ~%d MB of heap (%d namespaces + %d"
                      + " kinds); namespace deleted by hand reported by the watch in %.0f ms",
                  Instant.now(),
                  sandboxes,
                  median(cached) * 1000,
                  min(cached) * 1000,
                  max(cached) * 1000,
                  runs,
                  median(listed) * 1000,
                  min(listed) * 1000,
                  max(listed) * 1000,
                  sandboxes,
                  resyncSeconds * 1000,
                  syncSeconds,
                  heapWatch / (1024 * 1024),
                  sandboxes,
                  ClusterWatch.watchedKinds(),
                  noticeMillis);
          System.out.println(summary);
          Files.createDirectories(RESULTS.getParent());
          Files.writeString(
              RESULTS,
              summary + System.lineSeparator(),
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
        }
      } finally {
        client.close();
      }
    }
  }

  private void insertRows(TestApp app, List<UUID> ids, UUID owner, UUID institution) {
    Instant now = Instant.now();
    String period = java.time.YearMonth.now(java.time.ZoneId.of("Europe/Paris")).toString();
    app.jdbi()
        .useHandle(
            handle -> {
              PreparedBatch batch =
                  handle.prepareBatch(
                      "insert into sandboxes (id, name, owner_id, institution_id, template, cpu,"
                          + " memory_gib, storage_gib, state, namespace, created_at, expires_at,"
                          + " ready_at, updated_at, booked_period) values (:id, :name, :owner,"
                          + " :institution, 'starter', 1, 2, 5, 'READY', :namespace, :now,"
                          + " :expires, :now, :now, :period)");
              for (int i = 0; i < ids.size(); i++) {
                batch
                    .bind("id", ids.get(i))
                    .bind("name", "bench-" + i)
                    .bind("owner", owner)
                    .bind("institution", institution)
                    .bind("namespace", SandboxNames.namespace(ids.get(i)))
                    .bind("now", now)
                    .bind("expires", now.plus(Duration.ofDays(7)))
                    .bind("period", period)
                    .add();
              }
              batch.execute();
            });
  }

  private static void createNamespaces(KubernetesClient client, List<UUID> ids) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (UUID id : ids) {
        done.add(pool.submit(() -> createNamespace(client, id)));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Creates one labelled namespace; a create that timed out on a busy machine is tried again. */
  private static void createNamespace(KubernetesClient client, UUID id) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(SandboxNames.namespace(id))
                    .addToLabels("app.kubernetes.io/managed-by", "estran")
                    .addToLabels("estran.bzh/sandbox-id", id.toString())
                    .addToLabels("estran.bzh/institution", "ubs")
                    .endMetadata()
                    .build())
            .create();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() == 409) {
          return; // the timed-out attempt had created it
        }
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(0);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(0);
  }
}
