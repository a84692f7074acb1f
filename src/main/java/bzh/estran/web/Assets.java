package bzh.estran.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The pages' own CSS, JavaScript and images, from {@code web/assets/} on the class path. */
final class Assets {

  private static final Pattern NAME = Pattern.compile("[a-z0-9-]+\\.(css|js|svg)");
  private static final Map<String, String> TYPES =
      Map.of(
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml");

  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  void register(RoutesConfig routes) {
    routes.get("/assets/{file}", this::serve);
  }

  private void serve(Context ctx) throws IOException {
    String file = ctx.pathParam("file");
    byte[] body = NAME.matcher(file).matches() ? load(file) : null;
    Pages.secure(ctx);
    if (body == null) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("Not found");
      return;
    }
    ctx.header("Cache-Control", "public, max-age=3600");
    ctx.contentType(TYPES.get(file.substring(file.lastIndexOf('.') + 1))).result(body);
  }

  private byte[] load(String file) throws IOException {
    byte[] cached = cache.get(file);
    if (cached != null) {
      return cached;
    }
    try (InputStream in = Assets.class.getResourceAsStream("/web/assets/" + file)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      cache.put(file, bytes);
      return bytes;
    }
  }
}
