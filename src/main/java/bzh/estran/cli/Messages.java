package bzh.estran.cli;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The CLI's sentences in the user's language ({@code bzh/estran/cli/messages*.properties},
 * MessageFormat patterns: a quote is written twice). The help texts are in {@code
 * help*.properties}, read by picocli.
 */
public final class Messages {

  static final String BUNDLE = "bzh.estran.cli.messages";
  static final String HELP = "bzh.estran.cli.help";

  private final ResourceBundle bundle;
  private final Locale locale;

  Messages(Locale locale) {
    this.locale = locale;
    this.bundle = bundle(locale);
  }

  /** English unless the locale is French (the bundles that exist). */
  static ResourceBundle bundle(Locale locale) {
    return load(BUNDLE, locale);
  }

  /** picocli's help texts in the same language. */
  ResourceBundle help() {
    return load(HELP, locale);
  }

  private static ResourceBundle load(String name, Locale locale) {
    return ResourceBundle.getBundle(
        name,
        locale,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  Locale locale() {
    return locale;
  }

  /** The sentence of {@code key} with its {@code {0}}, {@code {1}}… filled in. */
  public String get(String key, Object... arguments) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      throw new IllegalStateException("no message " + key, e);
    }
    return new MessageFormat(pattern, locale).format(arguments);
  }
}
