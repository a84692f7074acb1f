package bzh.estran.bench;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.io.IOException;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Admission rate of one institution: N {@code POST /api/v1/sandboxes} at once, all for the same
 * institution (spread over its members), and how long until every one is answered. Prints
 * admissions per second and the latency of one admission; asserts only correctness (every request
 * admitted, the database holds exactly N new sandboxes and N reservations). Run with {@code mvn -B
 * -Pbench test -Dtest=AdmissionBenchmark}.
 *
 * <p>System properties: {@code bench.admissions} (500 per round), {@code bench.rounds} (3), {@code
 * bench.members} (50), {@code bench.clients} (64 requests in flight), {@code bench.pool} (20 DB
 * connections), {@code bench.workers} (16 provisioning workers, provisioning running behind as in
 * production), {@code bench.warmup} (200 admissions first, not counted), {@code bench.provisioning}
 * ({@code behind}, the default: provisioning runs during the rounds; {@code held}: the simulated
 * API server answers nothing from the warm-up to the end, so the provisioning workers wait,
 * blocked, and the admission path alone is measured).
 */
@Tag("benchmark")
class AdmissionBenchmark {

  private static final Path RESULTS = Path.of("target", "benchmarks.txt");

  private final int admissions = Integer.getInteger("bench.admissions", 500);
  private final int rounds = Integer.getInteger("bench.rounds", 3);
  private final int members = Integer.getInteger("bench.members", 50);
  private final int clients = Integer.getInteger("bench.clients", 64);
  private final int pool = Integer.getInteger("bench.pool", 20);
  private final int workers = Integer.getInteger("bench.workers", 16);
  private final int warmup = Integer.getInteger("bench.warmup", 200);
  private final boolean held =
      "held".equals(System.getProperty("bench.provisioning", "behind").trim());

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .executor(Executors.newFixedThreadPool(4))
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final List<String> report = new ArrayList<>();

  @Test
  void admitAClassOfOneInstitution() throws Exception {
    try (TestApp app =
        TestApp.start(
            Map.of(
                "ESTRAN_DATABASE_POOL_SIZE", Integer.toString(pool),
                "ESTRAN_PROVISIONING_WORKERS", Integer.toString(workers)))) {
      try {
        measure(app);
      } finally {
        app.faults().release(); // the held provisioning requests end, so the app can stop
      }
    }
    report.forEach(System.out::println);
  }

  private void measure(TestApp app) throws Exception {
    Fixtures fixtures = new Fixtures(app);
    fixtures.institution("adm");
    int total = warmup + rounds * admissions;
    fixtures.quota("adm", total + 10, 1_000_000, 1_000_000, 1_000_000, total + 10, 100_000_000);
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      tokens.add(fixtures.member("adm", "s" + i + "@adm.example", "member").token());
    }
    line(
        "Estran admission benchmark — %s, %d cores, Java %s",
        Instant.now(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    line(
        "one institution, %d members, %d requests in flight, DB pool %d, provisioning workers %d,"
            + " provisioning %s",
        members,
        clients,
        pool,
        workers,
        held ? "held during the rounds (admission alone)" : "behind (running during the rounds)");
    if (held) {
      app.faults().hold(); // released once the rounds are over (app.close())
    }
    int warmed = 0;
    if (warmup > 0) {
      Answers warm = fire(app, tokens, "warm", warmup);
      warmed = warm.admitted();
      line("warm-up: %d admitted, other answers %s (not counted)", warmed, warm.others());
    }
    List<Double> rates = new ArrayList<>();
    int admitted = warmed;
    for (int round = 0; round < rounds; round++) {
      String load = loadAverage();
      double[] groupsBefore = groups(app);
      Map<Integer, Long> dbBefore = databaseTicks(app);
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      Answers answers = fire(app, tokens, "r" + round, admissions);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double jvmCpuMs = (processCpuNanos() - cpu0) / 1e6;
      Map<Integer, Long> dbAfter = databaseTicks(app);
      long dbTicks = 0;
      for (Map.Entry<Integer, Long> backend : dbAfter.entrySet()) {
        dbTicks += backend.getValue() - dbBefore.getOrDefault(backend.getKey(), 0L);
      }
      admitted += answers.admitted();
      List<Double> latencies = answers.latencies();
      double rate = answers.admitted() / seconds;
      rates.add(rate);
      Collections.sort(latencies);
      double[] groupsAfter = groups(app);
      double groups = groupsAfter[0] - groupsBefore[0];
      double grouped = groupsAfter[1] - groupsBefore[1];
      line(
          "round %d: %.0f groups holding %.0f admissions (mean %.1f per group), %.0f admitted"
              + " alone",
          round + 1,
          groups,
          grouped,
          groups == 0 ? 0 : grouped / groups,
          answers.admitted() - grouped);
      line(
          "round %d: CPU per admission: this JVM (Estran, the clients, the simulated cluster)"
              + " %.2f ms, PostgreSQL backends %.2f ms",
          round + 1, jvmCpuMs / answers.admitted(), dbTicks * 10.0 / answers.admitted());
      line(
          "round %d: %d requests answered in %.2f s, %d admitted = %.0f admissions/s, other"
              + " answers %s; latency p50 %.0f ms, p99 %.0f ms, max %.0f ms; load average"
              + " before: %s",
          round + 1,
          admissions,
          seconds,
          answers.admitted(),
          rate,
          answers.others(),
          pct(latencies, 50),
          pct(latencies, 99),
          latencies.get(latencies.size() - 1),
          load);
    }
    Collections.sort(rates);
    int reservations =
        app.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select count(*) from quota_ledger l join institutions i"
                                + " on i.id = l.institution_id where i.slug = 'adm' and l.kind = 'RESERVE'")
                        .mapTo(Integer.class)
                        .one());
    assertThat(reservations).isEqualTo(admitted);
    line(
        "median of %d rounds: %.0f admissions/s for one institution; %d reservations in the"
            + " ledger",
        rounds, rates.get(rates.size() / 2), reservations);
    Files.writeString(
        RESULTS,
        String.format(
            "%s admission: %.0f admissions/s (median of %d rounds of %d), load %s%n",
            Instant.now(), rates.get(rates.size() / 2), rounds, admissions, loadAverage()),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** The answers to one burst: how many admitted, the other statuses, every latency. */
  private record Answers(int admitted, Map<Integer, Integer> others, List<Double> latencies) {}

  /** N creations at once from {@code clients} threads; none may be refused for quota (409). */
  private Answers fire(TestApp app, List<String> tokens, String prefix, int count)
      throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(clients);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Object[]>> answers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        answers.add(
            threads.submit(
                () -> {
                  start.await();
                  HttpRequest request =
                      HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/v1/sandboxes"))
                          .timeout(Duration.ofSeconds(120))
                          .header("Authorization", "Bearer " + tokens.get(index % tokens.size()))
                          .header("Content-Type", "application/json")
                          .POST(
                              HttpRequest.BodyPublishers.ofString(
                                  "{\"template\":\"starter\",\"name\":\""
                                      + prefix
                                      + "-"
                                      + index
                                      + "\",\"duration\":\"PT2H\"}"))
                          .build();
                  long s = System.nanoTime();
                  HttpResponse<String> response =
                      http.send(request, HttpResponse.BodyHandlers.ofString());
                  double millis = (System.nanoTime() - s) / 1e6;
                  assertThat(response.statusCode()).as(response.body()).isNotEqualTo(409);
                  return new Object[] {response.statusCode(), millis};
                }));
      }
      start.countDown();
      List<Double> latencies = new ArrayList<>();
      Map<Integer, Integer> others = new java.util.TreeMap<>();
      int admitted = 0;
      for (Future<Object[]> answer : answers) {
        Object[] got = answer.get(10, TimeUnit.MINUTES);
        int status = (Integer) got[0];
        latencies.add((Double) got[1]);
        if (status == 202) {
          admitted++;
        } else {
          others.merge(status, 1, Integer::sum);
        }
      }
      return new Answers(admitted, others, latencies);
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * The admission groups so far ({@code estran_admissions_group_size}: count, sum), 0 and 0 on a
   * build without them.
   */
  private static double[] groups(TestApp app) {
    double[] found = new double[2];
    app.admin()
        .get("/metrics")
        .body()
        .lines()
        .forEach(
            line -> {
              if (line.startsWith("estran_admissions_group_size_count ")) {
                found[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
              } else if (line.startsWith("estran_admissions_group_size_sum ")) {
                found[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
              }
            });
    return found;
  }

  /** CPU time of this whole JVM so far. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * CPU ticks (1/100 s, user + system) of each backend serving Estran's database now (the pool's
   * connections live through a round), from {@code /proc}.
   */
  private static Map<Integer, Long> databaseTicks(TestApp app) {
    List<Integer> pids =
        app.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select pid from pg_stat_activity where datname = current_database()"
                                + " and pid <> pg_backend_pid()")
                        .mapTo(Integer.class)
                        .list());
    Map<Integer, Long> ticks = new java.util.HashMap<>();
    for (int pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
      } catch (IOException | RuntimeException e) {
        // the backend ended meanwhile
      }
    }
    return ticks;
  }

  private static double pct(List<Double> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private void line(String format, Object... args) {
    String text = String.format(format, args);
    report.add(text);
    System.out.println(text);
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
