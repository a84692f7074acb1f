package bzh.estran.web;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The words of the pages in one language, from {@code web/messages*.properties} (UTF-8): {@code
 * messages.properties} is French, {@code messages_en.properties} English. No fallback to the JVM's
 * own locale: a page is in the language asked for, or in French.
 */
public final class Messages {

  private static final Logger LOG = LoggerFactory.getLogger(Messages.class);
  private static final String BUNDLE = "web.messages";
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private final Locale locale;
  private final ResourceBundle bundle;

  private Messages(Locale locale, ResourceBundle bundle) {
    this.locale = locale;
    this.bundle = bundle;
  }

  /** The messages in {@code locale} (French for the root bundle). */
  public static Messages of(Locale locale) {
    return new Messages(locale, ResourceBundle.getBundle(BUNDLE, locale, NO_FALLBACK));
  }

  public Locale locale() {
    return locale;
  }

  /** The text of {@code key}, with {@code args} put in ({@link MessageFormat} syntax). */
  public String get(String key, Object... args) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      LOG.warn("No message {} in {}", key, locale);
      return key;
    }
    return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
  }

  /** Whether the bundle has {@code key}. */
  public boolean has(String key) {
    return bundle.containsKey(key);
  }
}
