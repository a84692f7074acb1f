package bzh.estran.web.core;

import java.util.Map;

/**
 * The headers every page carries: a Content-Security-Policy allowing nothing but this origin (no
 * inline script or style, no framing), no MIME sniffing, no referrer sent elsewhere.
 */
public final class SecurityHeaders {

  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src"
          + " 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors"
          + " 'none'";

  public static final Map<String, String> ALL =
      Map.of(
          "Content-Security-Policy", CONTENT_SECURITY_POLICY,
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "same-origin",
          "X-Frame-Options", "DENY",
          "Cross-Origin-Opener-Policy", "same-origin",
          "Permissions-Policy", "camera=(), microphone=(), geolocation=()");

  private SecurityHeaders() {}
}
