package bzh.estran.web.core;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages of the pages: French first, English too. The choice remembered in a cookie wins;
 * else the browser's {@code Accept-Language}; else French.
 */
public final class Languages {

  public static final Locale FRENCH = Locale.FRENCH;
  public static final Locale ENGLISH = Locale.ENGLISH;
  public static final List<Locale> SUPPORTED = List.of(FRENCH, ENGLISH);

  private Languages() {}

  /** The page language for a remembered choice (may be null) and an Accept-Language header. */
  public static Locale choose(String remembered, String acceptLanguage) {
    return supported(remembered).or(() -> negotiate(acceptLanguage)).orElse(FRENCH);
  }

  /** The supported language a code such as {@code en} or {@code fr-FR} names, if any. */
  public static Optional<Locale> supported(String code) {
    if (code == null || code.isBlank()) {
      return Optional.empty();
    }
    String language = Locale.forLanguageTag(code.trim()).getLanguage();
    return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst();
  }

  private static Optional<Locale> negotiate(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(
          Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  /** The other language, offered by the switch in every page's header. */
  public static Locale other(Locale current) {
    return current.getLanguage().equals("en") ? FRENCH : ENGLISH;
  }
}
