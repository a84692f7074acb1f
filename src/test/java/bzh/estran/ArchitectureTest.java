package bzh.estran;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of the design: pure cores, thin adapters, services free of HTTP and scheduling.
 */
class ArchitectureTest {

  private static final String[] FRAMEWORKS = {
    "io.fabric8.kubernetes.client..",
    "org.jdbi..",
    "io.javalin..",
    "org.quartz..",
    "com.zaxxer..",
    "java.sql..",
    "javax.sql.."
  };

  private final JavaClasses estran =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("bzh.estran");

  @Test
  void pureCoresUseNoClientDatabaseWebOrScheduler() {
    noClasses()
        .that()
        .resideInAPackage("bzh.estran..core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FRAMEWORKS)
        .check(estran);
  }

  @Test
  void pureCoresDoNoFileInput() {
    noClasses()
        .that()
        .resideInAPackage("bzh.estran..core..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.nio.file.Files")
        .check(estran);
  }

  @Test
  void servicesKnowNothingOfHttpOrScheduling() {
    noClasses()
        .that()
        .resideOutsideOfPackages("bzh.estran.http..", "bzh.estran.web", "bzh.estran")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.javalin..")
        .check(estran);
    noClasses()
        .that()
        .resideOutsideOfPackages("bzh.estran.schedule..", "bzh.estran.db.migration..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.quartz..")
        .check(estran);
  }

  @Test
  void onlyTheKubePackageTalksToTheCluster() {
    noClasses()
        .that()
        .resideOutsideOfPackages("bzh.estran.kube", "bzh.estran.sandbox", "bzh.estran")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.fabric8.kubernetes.client..")
        .check(estran);
  }

  @Test
  void theHttpLayerIsReachedByNoOtherFeature() {
    classes()
        .that()
        .resideInAPackage("bzh.estran.http..")
        .should()
        .onlyBeAccessed()
        .byClassesThat()
        .resideInAnyPackage("bzh.estran.http..", "bzh.estran")
        .check(estran);
  }

  @Test
  void theCommandLineTalksOnlyToThePublicApi() {
    classes()
        .that()
        .resideInAPackage("bzh.estran.cli..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "bzh.estran.cli..",
            "java..",
            "com.sun.net.httpserver..",
            "picocli..",
            "tools.jackson..")
        .because("the CLI is a client of the HTTP API, never of Estran's own classes")
        .check(estran);
  }
}
