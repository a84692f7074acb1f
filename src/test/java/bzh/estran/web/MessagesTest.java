package bzh.estran.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The two bundles say the same things, and every key a template asks for exists. */
class MessagesTest {

  private static final Pattern KEY_IN_TEMPLATE = Pattern.compile("\\.t\\(\"([a-z0-9_.]+)\"");

  @Test
  void frenchAndEnglishHaveTheSameKeys() throws IOException {
    assertThat(keys("messages_en.properties")).isEqualTo(keys("messages.properties"));
  }

  @Test
  void everyKeyUsedByATemplateOrPageClassExists() throws IOException {
    Set<String> used = new TreeSet<>();
    for (Path dir : new Path[] {Path.of("src/main/jte"), Path.of("src/main/java/bzh/estran/web")}) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Matcher m = KEY_IN_TEMPLATE.matcher(Files.readString(file));
          while (m.find()) {
            if (!m.group(1).endsWith(".")) { // a prefix, completed at run time
              used.add(m.group(1));
            }
          }
        }
      }
    }
    assertThat(used).hasSizeGreaterThan(50);
    assertThat(keys("messages.properties")).containsAll(used);
  }

  @Test
  void frenchIsTheDefaultAndEnglishIsThere() {
    assertThat(Messages.of(Locale.FRENCH).get("nav.signout")).isEqualTo("Se déconnecter");
    assertThat(Messages.of(Locale.ENGLISH).get("nav.signout")).isEqualTo("Sign out");
    assertThat(Messages.of(Locale.GERMAN).get("nav.signout")).isEqualTo("Se déconnecter");
    assertThat(Messages.of(Locale.ENGLISH).get("join.done", "Cloud A"))
        .isEqualTo("You joined cohort Cloud A.");
    assertThat(Messages.of(Locale.FRENCH).get("request.scope.institution"))
        .isEqualTo("l'établissement");
  }

  private static Set<String> keys(String file) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = MessagesTest.class.getResourceAsStream("/web/" + file)) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return new TreeSet<>(properties.stringPropertyNames());
  }
}
