package bzh.estran.bench;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.dataset.core.Anonymiser;
import bzh.estran.dataset.core.Outcome;
import bzh.estran.dataset.core.PolicyParser;
import bzh.estran.dataset.demo.DemoDatasets;
import bzh.estran.dataset.demo.ShuttleBoardings;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Anonymising a large raw CSV (the demo shuttle boardings, about 1 GB): rows per second and the
 * process's peak resident memory. Run with {@code mvn -B -Pbench test -Dtest=AnonymisationBenchmark
 * -DargLine=-Xmx256m} (add {@code -XX:ActiveProcessorCount=1} for the engine on one thread); see
 * docs/benchmarks.md.
 */
@Tag("benchmark")
class AnonymisationBenchmark {

  private static final Path RESULTS = Path.of("target", "benchmarks.txt");

  @Test
  void anonymiseALargeTable() throws IOException {
    long rows = Long.getLong("bench.rows", 8_000_000);
    int holders = Integer.getInteger("bench.holders", 200_000);
    Path raw = Path.of("target", "bench", "shuttle-" + rows + "-" + holders + ".csv");
    Path out = Path.of("target", "bench", "shuttle-anonymised.csv");
    Files.createDirectories(raw.getParent());
    if (!Files.exists(raw)) {
      long started = System.nanoTime();
      try (Writer writer = Files.newBufferedWriter(raw, StandardCharsets.UTF_8)) {
        new ShuttleBoardings(DemoDatasets.DEFAULT_SEED, holders).write(writer, rows);
      }
      System.out.printf(
          Locale.ROOT, "generated %s in %.1f s%n", raw, (System.nanoTime() - started) / 1e9);
    }
    String policy =
        DemoDatasets.class.getResource("/datasets/demo/shuttle-boardings.yaml") != null
            ? new String(
                DemoDatasets.class
                    .getResourceAsStream("/datasets/demo/shuttle-boardings.yaml")
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            : "";
    Anonymiser anonymiser = new Anonymiser(PolicyParser.parse(policy), new byte[32]);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuStarted = os.getProcessCpuTime();
    long started = System.nanoTime();
    Outcome outcome;
    try (OutputStream sink =
        new BufferedOutputStream(
            Files.newOutputStream(
                out, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING),
            1 << 16)) {
      outcome = anonymiser.run(() -> Files.newBufferedReader(raw, StandardCharsets.UTF_8), sink);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpuStarted) / 1e9;
    long rowsIn = outcome.report().rows().in();
    String line =
        String.format(
            Locale.ROOT,
            "anonymisation: %d rows (%.0f MB) in %.1f s = %.0f rows/s (two passes; %.1f CPU s ="
                + " %.0f rows per CPU second), peak RSS %d MB,"
                + " heap max %d MB, %d processors, %d classes published, %d lattice nodes, %s,"
                + " load %.1f",
            rowsIn,
            Files.size(raw) / 1e6,
            seconds,
            rowsIn / seconds,
            cpuSeconds,
            rowsIn / cpuSeconds,
            peakRssMegabytes(),
            Runtime.getRuntime().maxMemory() >> 20,
            Runtime.getRuntime().availableProcessors(),
            outcome.report().classes(),
            outcome.report().latticeNodes(),
            outcome.publishable() ? "publishable" : "refused " + outcome.refusals(),
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    System.out.println(line);
    System.out.println(outcome.report().summary(Locale.ENGLISH));
    Files.writeString(RESULTS, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    assertThat(rowsIn).isEqualTo(rows);
  }

  private static long peakRssMegabytes() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM:"))
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024)
        .findFirst()
        .orElse(-1L);
  }
}
