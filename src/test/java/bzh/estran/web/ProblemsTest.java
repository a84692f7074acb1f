package bzh.estran.web;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.errors.Conflict;
import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.InvalidRequest;
import bzh.estran.errors.Problem;
import bzh.estran.errors.QuotaExceeded;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The services' sentences keep their English for the API and are said in the page's language on
 * pages: every key a service gives has words in both bundles.
 */
class ProblemsTest {

  private static final Pattern KEY = Pattern.compile("Problem\\.(?:of|word)\\(\\s*\"([^\"]+)\"");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void everyKeyAServiceGivesHasFrenchAndEnglishWords() throws IOException {
    Set<String> keys = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = KEY.matcher(Files.readString(file));
        while (m.find()) {
          if (!m.group(1).endsWith(".")) { // a prefix, completed at run time (listed below)
            keys.add(m.group(1));
          }
        }
      }
    }
    assertThat(keys).hasSizeGreaterThan(60).contains("quota_exceeded", "at_least");
    // the words completed at run time: join code refusals, quota scopes and limits, states
    keys.addAll(Set.of("has_expired", "has_been_used_up", "scope.institution", "scope.cohort"));
    for (String limit :
        Set.of("maxSandboxes", "cpu", "memoryGiB", "storageGiB", "sandboxesPerUser", "coreHours")) {
      keys.add("limit." + limit);
    }
    for (String state : Set.of("PROVISIONING", "READY", "DELETING", "DELETED", "FAILED")) {
      keys.add("state." + state);
    }
    for (Locale locale : new Locale[] {Locale.FRENCH, Locale.ENGLISH}) {
      Messages messages = Messages.of(locale);
      assertThat(keys.stream().map(k -> "problem." + k).filter(k -> !messages.has(k)))
          .as("keys without words in " + locale)
          .isEmpty();
    }
  }

  @Test
  void theApiKeepsItsEnglishSentences() {
    FieldErrors errors = new FieldErrors();
    errors.add("joinCode.maxUses", Problem.of("at_least", "must be at least {0}", 1));
    errors.required("name", " ");
    InvalidRequest refused =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            InvalidRequest.class, errors::throwIfAny);
    assertThat(refused.fields())
        .containsEntry("joinCode.maxUses", "must be at least 1")
        .containsEntry("name", "is required");
    assertThat(refused.getMessage())
        .isEqualTo(
            "The request is invalid: joinCode.maxUses must be at least 1; name is required.");
    assertThat(new QuotaExceeded("cpu", "institution", new BigDecimal("2"), new BigDecimal("0.5")))
        .hasMessage("The institution quota does not allow this: cpu requested 2, remaining 0.5.");
  }

  @Test
  void aPageSaysThemInItsLanguageWithItsArgumentsInWords() {
    Page fr = page(Locale.FRENCH);
    Page en = page(Locale.ENGLISH);
    Problem atLeast = Problem.of("at_least", "must be at least {0}", 1);
    assertThat(fr.problem(atLeast)).isEqualTo("doit valoir au moins 1");
    assertThat(en.problem(atLeast)).isEqualTo("must be at least 1");

    Problem over =
        Problem.of(
            "duration_over_max",
            "must not exceed {0}, the maximum of {1}",
            new Problem.Span(Duration.ofDays(7), "P7D"),
            Problem.of("of_template", "template {0}", "starter"));
    assertThat(over.english()).isEqualTo("must not exceed P7D, the maximum of template starter");
    assertThat(fr.problem(over))
        .isEqualTo("ne doit pas dépasser 7 j, le maximum du modèle starter");

    QuotaExceeded quota =
        new QuotaExceeded("maxSandboxes", "institution", new BigDecimal("1"), new BigDecimal("0"));
    assertThat(fr.sentence(quota))
        .isEqualTo(
            "Le quota de l'établissement ne le permet pas : 1 demandé (nombre de bacs à sable),"
                + " 0 restant.");
    assertThat(en.sentence(quota))
        .isEqualTo(
            "The quota of the institution does not allow this: 1 asked (number of sandboxes),"
                + " 0 left.");

    Conflict ended =
        new Conflict(
            Problem.of(
                "cohort_ended",
                "Cohort {0} ended at {1}.",
                "Cloud A",
                Instant.parse("2026-06-30T16:00:00Z")));
    assertThat(ended).hasMessage("Cohort Cloud A ended at 2026-06-30T16:00:00Z.");
    assertThat(fr.sentence(ended)).startsWith("La cohorte Cloud A s'est terminée le 30 juin 2026");

    // a sentence only the API says stays as it is; so does one thrown without a key
    assertThat(fr.problem(Problem.untranslated("is not valid JSON")))
        .isEqualTo("is not valid JSON");
    assertThat(fr.sentence(new Conflict("Run 7 is FAILED."))).isEqualTo("Run 7 is FAILED.");
  }

  private static Page page(Locale locale) {
    return new Page(
        Messages.of(locale),
        Optional.empty(),
        "csrf",
        "/",
        Clock.fixed(Instant.parse("2026-06-01T08:00:00Z"), PARIS),
        PARIS);
  }
}
