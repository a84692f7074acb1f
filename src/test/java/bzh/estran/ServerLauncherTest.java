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

    assertThat(options).containsSubsequence("-XX:+UseSerialGC", "-Xms32m", "-Xmx256m");
    assertThat(options)
        .noneMatch(option -> option.contains("Archive") || option.contains("AOTCache"));
  }

  @Test
  void onJava17AMissingArchiveIsRecordedAtTheStop() throws Exception {
    Path archive = dir.resolve("cache/estran.jsa");

    List<String> options = launch(false, archiveAt(archive));

    assertThat(options).contains("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off");
    assertThat(options).noneMatch(option -> option.contains("AOTCache"));
    assertThat(archive.getParent()).isDirectory();
  }

  @Test
  void onJava17AnArchiveThatExistsIsMapped() throws Exception {
    Path archive = Files.writeString(dir.resolve("estran.jsa"), "an archive");

    List<String> options = launch(false, archiveAt(archive));

    assertThat(options).contains("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
    assertThat(options)
        .noneMatch(option -> option.contains("ArchiveClassesAtExit") || option.contains("AOT"));
  }

  @Test
  void onJava25AMissingCacheIsRecordedAtTheStopWithTheRunsProfiles() throws Exception {
    Path archive = dir.resolve("cache/estran.aot");

    List<String> options = launch(true, archiveAt(archive));

    assertThat(options).contains("-XX:AOTCacheOutput=" + archive, "-Xlog:aot=off");
    assertThat(options).noneMatch(option -> option.contains("Archive"));
    assertThat(archive.getParent()).isDirectory();
  }

  @Test
  void onJava25ACacheThatExistsIsMapped() throws Exception {
    Path archive = Files.writeString(dir.resolve("estran.aot"), "a cache");

    List<String> options = launch(true, archiveAt(archive));

    assertThat(options).contains("-XX:AOTCache=" + archive);
    assertThat(options)
        .noneMatch(option -> option.contains("Archive") || option.contains("AOTCacheOutput"));
  }

  @Test
  void theOperatorsJavaOptionsReplaceTheDefaults() throws Exception {
    List<String> options = launch(false, Map.of("ESTRAN_JAVA_OPTS", "-Xmx1g -Dsome.property=yes"));

    assertThat(options).startsWith("-Xmx1g", "-Dsome.property=yes", "-jar");
  }
}
