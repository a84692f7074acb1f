package bzh.estran;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code bin/estran-server}'s choice of class archive, run as operators run it, with a fake {@code
 * java} of our own in {@code JAVA_HOME}: it answers the launcher's probes as a Java 17 or a Java 25
 * would, and writes down the options of the start it is asked for instead of starting.
 */
class ServerLauncherTest {

  @TempDir Path dir;

  /** The options {@code bin/estran-server} started the fake JVM with, one per element. */
  private List<String> launch(boolean java25, Map<String, String> extra)
      throws IOException, InterruptedException {
    Path javaHome = dir.resolve("jdk");
    Files.createDirectories(javaHome.resolve("bin"));
    Path java = javaHome.resolve("bin/java");
    Files.writeString(
        java,
        """
        #!/bin/sh
        # -version: a probe. With -XX:+PrintFlagsFinal, a Java 25 lists AOTCacheOutput among its flags.
        case " $* " in
          *" -version "*)
            case " $* " in
              *" -XX:+PrintFlagsFinal "*)
                echo "    ccstr SharedArchiveFile                        =                 {product} {default}"
                if [ "$FAKE_JAVA_OLDER_THAN_17_0_9" != yes ]; then
                  echo "     uint TrimNativeHeapInterval                   = 0               {product} {default}"
                fi
                if [ "$FAKE_JAVA_25" = yes ]; then
                  echo "    ccstr AOTCacheOutput                           =                 {product} {default}"
                fi ;;
            esac
            exit 0 ;;
        esac
        printf '%s\\n' "$@" > "$FAKE_JAVA_ARGS"
        """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar =
        Files.writeString(dir.resolve("estran.jar"), "not a jar: the fake java never opens it");
    Path args = dir.resolve("args.txt");

    ProcessBuilder builder =
        new ProcessBuilder(Path.of("bin/estran-server").toAbsolutePath().toString());
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> name.startsWith("ESTRAN_"));
    environment.put("JAVA_HOME", javaHome.toString());
    environment.put("ESTRAN_JAR", jar.toString());
    environment.put("FAKE_JAVA_ARGS", args.toString());
    environment.put("FAKE_JAVA_25", java25 ? "yes" : "no");
    environment.putAll(extra);
    builder.redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
    Process process = builder.start();
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
    List<String> options = Files.readAllLines(args);
    assertThat(options).endsWith("-jar", jar.toString());
    return options;
  }

  private Map<String, String> archiveAt(Path archive) {
    return Map.of("ESTRAN_CDS_ARCHIVE", archive.toString());
  }

  @Test
  void withoutAnArchiveNoArchiveOptionIsGiven() throws Exception {
    List<String> options = launch(true, Map.of());

    assertThat(options)
        .containsSubsequence(
            "-XX:+UseSerialGC", "-Xms32m", "-Xmx256m", "-XX:TrimNativeHeapInterval=5000");
    assertThat(options)
        .noneMatch(option -> option.contains("Archive") || option.contains("AOTCache"));
  }

  /**
   * What each JVM is given: on Java 17 an AppCDS archive, on Java 25 an AOT cache, which also keeps
   * the recording run's method profiles; never the other's options.
   */
  enum Jvm {
    JAVA_17(
        false,
        List.of("-XX:ArchiveClassesAtExit=%s", "-Xlog:cds=off"),
        List.of("-XX:SharedArchiveFile=%s", "-Xshare:auto"),
        "AOT"),
    JAVA_25(
        true,
        List.of("-XX:AOTCacheOutput=%s", "-Xlog:aot=off"),
        List.of("-XX:AOTCache=%s"),
        "Archive");

    final boolean java25;
    final List<String> record;
    final List<String> map;
    final String neverSeen;

    Jvm(boolean java25, List<String> record, List<String> map, String neverSeen) {
      this.java25 = java25;
      this.record = record;
      this.map = map;
      this.neverSeen = neverSeen;
    }

    static String[] at(List<String> options, Path archive) {
      return options.stream().map(option -> option.formatted(archive)).toArray(String[]::new);
    }
  }

  @ParameterizedTest
  @EnumSource(Jvm.class)
  void aMissingArchiveIsRecordedAtTheStop(Jvm jvm) throws Exception {
    Path archive = dir.resolve("cache/estran.archive");

    List<String> options = launch(jvm.java25, archiveAt(archive));

    assertThat(options).contains(Jvm.at(jvm.record, archive));
    assertThat(options).doesNotContain(Jvm.at(jvm.map, archive));
    assertThat(options).noneMatch(option -> option.contains(jvm.neverSeen));
    assertThat(archive.getParent()).isDirectory();
  }

  @ParameterizedTest
  @EnumSource(Jvm.class)
  void anArchiveThatExistsIsMapped(Jvm jvm) throws Exception {
    Path archive = Files.writeString(dir.resolve("estran.archive"), "an archive");

    List<String> options = launch(jvm.java25, archiveAt(archive));

    assertThat(options).contains(Jvm.at(jvm.map, archive));
    assertThat(options).doesNotContain(Jvm.at(jvm.record, archive));
    assertThat(options).noneMatch(option -> option.contains(jvm.neverSeen));
  }

  @Test
  void aJava17OlderThan17_0_9GetsNoNativeHeapTrim() throws Exception {
    List<String> options = launch(false, Map.of("FAKE_JAVA_OLDER_THAN_17_0_9", "yes"));

    assertThat(options).containsSubsequence("-XX:+UseSerialGC", "-Xms32m", "-Xmx256m");
    assertThat(options).noneMatch(option -> option.startsWith("-XX:TrimNativeHeapInterval"));
  }

  @Test
  void theOperatorsJavaOptionsReplaceTheDefaults() throws Exception {
    List<String> options = launch(false, Map.of("ESTRAN_JAVA_OPTS", "-Xmx1g -Dsome.property=yes"));

    assertThat(options).startsWith("-Xmx1g", "-Dsome.property=yes", "-jar");
  }
}
