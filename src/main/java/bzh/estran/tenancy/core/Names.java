package bzh.estran.tenancy.core;

import java.util.regex.Pattern;

/** The shapes names must have: institution slugs, e-mail addresses, sandbox names. */
public final class Names {

  private static final Pattern SLUG = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$");
  private static final Pattern EMAIL =
      Pattern.compile("^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$");

  private Names() {}

  public static boolean isSlug(String text) {
    return text != null && SLUG.matcher(text).matches();
  }

  public static boolean isEmail(String text) {
    return text != null && text.length() <= 254 && EMAIL.matcher(text).matches();
  }

  /** A DNS label of at most 40 characters: what sandbox names must be. */
  public static boolean isSandboxName(String text) {
    return text != null && DNS_LABEL.matcher(text).matches();
  }
}
