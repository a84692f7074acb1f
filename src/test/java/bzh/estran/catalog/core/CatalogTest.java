package bzh.estran.catalog.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {

  private static Template template(String name) {
    return new Template(
        name,
        "For tests.",
        Size.of("1", "2", "5"),
        Duration.ofHours(1),
        Duration.ofHours(2),
        List.of());
  }

  @Test
  void listsTemplatesSortedByName() {
    Catalog catalog =
        new Catalog(List.of(template("web-app"), template("data-lab"), template("starter")));

    assertThat(catalog.templates())
        .extracting(Template::name)
        .containsExactly("data-lab", "starter", "web-app");
  }

  @Test
  void findsATemplateByName() {
    Catalog catalog = new Catalog(List.of(template("starter"), template("web-app")));

    assertThat(catalog.find("web-app")).contains(template("web-app"));
    assertThat(catalog.find("nope")).isEmpty();
  }

  @Test
  void refusesTwoTemplatesOfTheSameName() {
    assertThatThrownBy(() -> new Catalog(List.of(template("starter"), template("starter"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two templates are named starter");
  }
}
