package bzh.estran.catalog;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The catalog stays free of the Kubernetes client and of the application's frameworks. */
class CatalogArchitectureTest {

  private final JavaClasses catalog =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("bzh.estran.catalog");

  @Test
  void catalogDoesNotUseTheKubernetesClientOrFrameworks() {
    noClasses()
        .that()
        .resideInAPackage("bzh.estran.catalog..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8.kubernetes.client..", "org.jdbi..", "io.javalin..", "org.quartz..")
        .check(catalog);
  }

  @Test
  void coreDoesNoFileInput() {
    noClasses()
        .that()
        .resideInAPackage("bzh.estran.catalog.core..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.nio.file.Files")
        .check(catalog);
  }
}
