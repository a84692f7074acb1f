package bzh.estran.cli;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A teacher's lab session through the CLI: students join the cohort with its code, the teacher
 * provisions the whole cohort and watches the per-member table until every sandbox is settled.
 */
class CliCohortProvisionTest {

  private static TestApp app;
  private static Api teacher;
  private static String joinCode;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    Fixtures fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    teacher = fixtures.member("ubs", "teacher@univ-ubs.fr", "cohort-manager");
    Instant now = app.clock().instant();
    Api.Response cohort =
        teacher.post(
            "/api/v1/institutions/ubs/cohorts",
            "{\"name\":\"Cloud lab A\",\"startsAt\":\""
                + now.minus(Duration.ofHours(1))
                + "\",\"endsAt\":\""
                + now.plus(Duration.ofDays(30))
                + "\",\"limits\":{\"maxSandboxes\":2}}");
    assertThat(cohort.status()).as(cohort.toString()).isEqualTo(201);
    joinCode = cohort.text("joinCode");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String student(String email) {
    Api.Response user =
        app.admin()
            .post("/api/v1/users", "{\"email\":\"" + email + "\",\"name\":\"" + email + "\"}");
    assertThat(user.status()).as(user.toString()).isEqualTo(201);
    return app.admin()
        .post("/api/v1/users/" + user.text("id") + "/tokens", "{\"name\":\"laptop\"}")
        .text("token");
  }

  @Test
  void studentsJoinAndTheTeacherProvisionsTheCohortWithALiveTable(@TempDir Path home) {
    for (String email :
        List.of("ana@etud.univ-ubs.fr", "yann@etud.univ-ubs.fr", "soizic@etud.univ-ubs.fr")) {
      CliRunner student =
          new CliRunner(home.resolve(email))
              .locale(email.startsWith("yann") ? Locale.FRENCH : Locale.ENGLISH)
              .variable("ESTRAN_URL", app.baseUrl())
              .variable("ESTRAN_TOKEN", student(email));
      CliRunner.Result joined = student.run("join", joinCode.toLowerCase(Locale.ROOT));
      assertThat(joined.exitCode()).as(joined.toString()).isZero();
      assertThat(joined.out())
          .contains(
              email.startsWith("yann")
                  ? "Vous avez rejoint la promotion Cloud lab A de ubs"
                  : "You joined the cohort Cloud lab A of ubs");
    }
    CliRunner cli =
        new CliRunner(home.resolve("teacher"))
            .variable("ESTRAN_URL", app.baseUrl())
            .variable("ESTRAN_TOKEN", teacher.token());

    CliRunner.Result provisioned =
        cli.run(
            "cohort",
            "provision",
            "Cloud lab A",
            "--template",
            "starter",
            "--duration",
            "2h",
            "--wait");

    assertThat(provisioned.exitCode())
        .as(provisioned.toString())
        .isEqualTo(ExitCode.SANDBOX_FAILED);
    assertThat(provisioned.err())
        .contains("2 sandboxes requested, 0 members skipped (they have one), 1 refused.");
    List<String> lines = provisioned.out().lines().toList();
    assertThat(lines.get(0)).matches("MEMBER +SANDBOX +STATE +NOTE");
    assertThat(lines.subList(1, lines.size()))
        .hasSize(3)
        .filteredOn(line -> line.contains(" READY"))
        .hasSize(2);
    assertThat(lines)
        .filteredOn(line -> line.contains(" REFUSED"))
        .singleElement()
        .asString()
        .contains("maxSandboxes");
    assertThat(provisioned.err()).contains("READY");

    CliRunner.Result again =
        cli.run("cohort", "provision", "Cloud lab A", "-t", "starter", "--wait", "-o", "json");
    JsonNode rows = JsonMapper.builder().build().readTree(again.out());
    assertThat(rows.findValuesAsString("state"))
        .containsExactlyInAnyOrder("SKIPPED", "SKIPPED", "REFUSED");

    CliRunner.Result listed = cli.run("list", "--cohort", "Cloud lab A");
    assertThat(listed.out().lines().filter(line -> line.contains(" READY "))).hasSize(2);
  }

  @Test
  void onlyManagersProvisionAndTheCohortMustExist(@TempDir Path home) {
    CliRunner student =
        new CliRunner(home)
            .variable("ESTRAN_URL", app.baseUrl())
            .variable("ESTRAN_TOKEN", student("nolwenn@etud.univ-ubs.fr"));
    assertThat(student.run("join", joinCode).exitCode()).isZero();
    String cohortId =
        teacher.get("/api/v1/institutions/ubs/cohorts").json().get(0).get("id").asString();

    CliRunner.Result refused = student.run("cohort", "provision", cohortId, "-t", "starter");
    assertThat(refused.exitCode()).isEqualTo(ExitCode.FORBIDDEN);
    assertThat(refused.err()).startsWith("error: ");

    CliRunner teacherCli =
        new CliRunner(home.resolve("t"))
            .variable("ESTRAN_URL", app.baseUrl())
            .variable("ESTRAN_TOKEN", teacher.token());
    assertThat(teacherCli.run("cohort", "provision", "No such lab", "-t", "starter").exitCode())
        .isEqualTo(ExitCode.NOT_FOUND);
    CliRunner.Result bare = teacherCli.run("cohort");
    assertThat(bare.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(bare.err()).contains("estran cohort provision COHORT --template TEMPLATE");
    assertThat(teacherCli.run("cohort", "provision", "Cloud lab A").exitCode())
        .isEqualTo(ExitCode.USAGE);
  }
}
