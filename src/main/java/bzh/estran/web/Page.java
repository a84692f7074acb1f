package bzh.estran.web;

import bzh.estran.auth.core.Principal;
import bzh.estran.web.core.Languages;
import bzh.estran.web.core.TimeLeft;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Optional;

/**
 * What every template gets: the language and its messages, who is signed in, the CSRF token of the
 * session for forms, and the path of the page (for the language switch and the current nav item).
 */
public record Page(
    Messages messages,
    Optional<Principal> user,
    String csrf,
    String path,
    Clock clock,
    ZoneId zone) {

  /** A message in the page's language. */
  public String t(String key, Object... args) {
    return messages.get(key, args);
  }

  public String lang() {
    return messages.locale().getLanguage();
  }

  /** The other language's code, name (in that language) and the link switching to it. */
  public String otherLang() {
    return Languages.other(messages.locale()).getLanguage();
  }

  public String otherLangName() {
    Locale other = Languages.other(messages.locale());
    return Messages.of(other).get("lang.name");
  }

  public String switchHref() {
    return "/lang/" + otherLang() + "?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
  }

  public boolean signedIn() {
    return user.isPresent();
  }

  /** "page" when the nav item links to the current page (for aria-current), else null. */
  public String current(String navPath) {
    return path.equals(navPath) || path.startsWith(navPath + "/") ? "page" : null;
  }

  /** An instant as people read it here: date and time in the pool's time zone. */
  public String when(Instant instant) {
    if (instant == null) {
      return "";
    }
    return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
        .withLocale(messages.locale())
        .withZone(zone)
        .format(instant);
  }

  /** The time left until {@code expiresAt}, in words. */
  public String left(Instant expiresAt) {
    TimeLeft left = TimeLeft.between(clock.instant(), expiresAt);
    return t(left.messageKey(), left.days(), left.hours(), left.minutes());
  }

  /**
   * A service's sentence (a field's problem, a refusal) in the page's language: {@code
   * problem.<key>} of the bundle with its arguments, themselves put in the page's language (a
   * nested problem, a number, an instant); as the service said it, in English, when the bundle has
   * no words for it (sentences only the API says).
   */
  public String problem(bzh.estran.errors.Problem problem) {
    String key = "problem." + problem.key();
    if (!problem.translated() || !messages.has(key)) {
      return problem.english();
    }
    Object[] args =
        problem.args().stream()
            .map(
                arg ->
                    arg instanceof bzh.estran.errors.Problem nested
                        ? problem(nested)
                        : arg instanceof bzh.estran.errors.Problem.Span span
                            ? duration(span.duration())
                            : arg instanceof Instant instant
                                ? when(instant)
                                : arg instanceof Number ? arg : String.valueOf(arg))
            .toArray();
    return messages.get(key, args);
  }

  /** What a refusal says, in the page's language when the service gave its words a key. */
  public String sentence(bzh.estran.errors.EstranException refusal) {
    return refusal.sentence().map(this::problem).orElse(refusal.getMessage());
  }

  /** Each field's problem in the page's language. */
  public java.util.Map<String, String> problems(bzh.estran.errors.InvalidRequest refusal) {
    java.util.Map<String, String> words = new java.util.LinkedHashMap<>();
    refusal.problems().forEach((field, problem) -> words.put(field, problem(problem)));
    return words;
  }

  /** The words for a sandbox state. */
  public String state(Object state) {
    return t("state." + state);
  }

  /** Whether the caller may use the cohort area: they manage a cohort, or may create one. */
  public boolean cohortArea() {
    return user.map(
            p ->
                p.isPlatformAdmin()
                    || p.memberships().stream()
                        .anyMatch(
                            m ->
                                m.role() == bzh.estran.tenancy.core.Role.COHORT_MANAGER
                                    || m.role() == bzh.estran.tenancy.core.Role.INSTITUTION_ADMIN)
                    || p.cohorts().stream()
                        .anyMatch(c -> c.role() == bzh.estran.cohort.core.CohortRole.MANAGER))
        .orElse(false);
  }

  /** The institutions the caller administers (their slugs), for the institution area. */
  public java.util.List<String> administered() {
    return user.map(
            p ->
                p.memberships().stream()
                    .filter(m -> m.role() == bzh.estran.tenancy.core.Role.INSTITUTION_ADMIN)
                    .map(bzh.estran.tenancy.core.Membership::institutionSlug)
                    .toList())
        .orElse(java.util.List.of());
  }

  /** Whether the caller is a platform admin (the platform area). */
  public boolean platformAdmin() {
    return user.map(Principal::isPlatformAdmin).orElse(false);
  }

  /** Where the institution area starts for this caller. */
  public String institutionHome() {
    java.util.List<String> slugs = administered();
    return slugs.size() == 1 && !platformAdmin()
        ? "/institutions/" + slugs.get(0)
        : "/institutions";
  }

  /** A number as people read it in the page's language (French: a decimal comma). */
  public String number(Object value) {
    if (value == null) {
      return "—";
    }
    java.text.NumberFormat format = java.text.NumberFormat.getNumberInstance(messages.locale());
    format.setMaximumFractionDigits(2);
    return format.format(
        value instanceof Number n ? n : new java.math.BigDecimal(value.toString()));
  }

  /** A template's duration for people: "4 h", "3 j" / "3 d", "1 j 12 h", "90 min". */
  public String duration(java.time.Duration duration) {
    long days = duration.toDays();
    long hours = duration.toHoursPart();
    long minutes = duration.toMinutesPart();
    if (minutes > 0 || (days == 0 && hours == 0)) {
      return t("duration.m", duration.toMinutes());
    }
    if (days > 0 && hours > 0) {
      return t("duration.dh", days, hours);
    }
    return days > 0 ? t("duration.d", days) : t("duration.h", hours);
  }
}
