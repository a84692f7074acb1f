package bzh.estran.kube.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class KubeCorePurityTest {

  private final JavaClasses core =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("bzh.estran.kube.core");

  @Test
  void kube_core_builds_objects_without_the_client_the_database_the_web_or_the_scheduler() {
    noClasses()
        .that()
        .resideInAPackage("bzh.estran.kube.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8.kubernetes.client..", "org.jdbi..", "io.javalin..", "org.quartz..")
        .check(core);
  }
}
