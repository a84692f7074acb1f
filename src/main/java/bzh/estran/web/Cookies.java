package bzh.estran.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

/**
 * The two cookies of the pages: the session id (HttpOnly, SameSite=Lax, Secure in production, for
 * the browser's session only) and the chosen language (a year).
 */
public final class Cookies {

  public static final String SESSION = "estran_session";
  public static final String LANGUAGE = "estran_lang";
  private static final int ONE_YEAR = 365 * 24 * 3600;

  private final boolean secure;

  /** {@code secure}: mark cookies Secure (production, behind HTTPS). */
  public Cookies(boolean secure) {
    this.secure = secure;
  }

  public String session(Context ctx) {
    return ctx.cookie(SESSION);
  }

  public void setSession(Context ctx, String id) {
    ctx.cookie(new Cookie(SESSION, id, "/", -1, secure, true, null, SameSite.LAX));
  }

  public void clearSession(Context ctx) {
    ctx.cookie(new Cookie(SESSION, "", "/", 0, secure, true, null, SameSite.LAX));
  }

  public String language(Context ctx) {
    return ctx.cookie(LANGUAGE);
  }

  public void setLanguage(Context ctx, String language) {
    ctx.cookie(new Cookie(LANGUAGE, language, "/", ONE_YEAR, secure, true, null, SameSite.LAX));
  }
}
