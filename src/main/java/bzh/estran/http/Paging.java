package bzh.estran.http;

import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Problem;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Paging of list endpoints, the way GitHub's API does it while keeping the contract's array bodies:
 * {@code limit} (1 to 500, default 100) and {@code offset} (default 0) in the query; in the
 * response, an RFC 8288 {@code Link} header with {@code rel="next"} while more items remain and
 * {@code rel="prev"} after the first page (links relative to the request, other parameters kept),
 * and {@code X-Total-Count}, the number of items across all pages.
 */
final class Paging {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;

  private Paging() {}

  /** The page asked for. */
  record Page(int limit, int offset) {}

  /** Reads and checks {@code limit} and {@code offset}. */
  static Page page(Context ctx) {
    FieldErrors errors = new FieldErrors();
    int limit = number(ctx.queryParam("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
    int offset = number(ctx.queryParam("offset"), "offset", 0, 0, Integer.MAX_VALUE, errors);
    errors.throwIfAny();
    return new Page(limit, offset);
  }

  /** Answers one page of a list that is whole in memory. */
  static <T> void respond(Context ctx, List<T> all) {
    Page page = page(ctx);
    int from = (int) Math.min(all.size(), (long) page.offset());
    int to = (int) Math.min(all.size(), (long) from + page.limit());
    headers(ctx, page, to < all.size(), all.size());
    ctx.json(all.subList(from, to));
  }

  /** Sets the paging headers of a page cut by the database. */
  static void headers(Context ctx, Page page, boolean more, long total) {
    ctx.header("X-Total-Count", Long.toString(total));
    List<String> links = new ArrayList<>();
    if (more) {
      links.add(link(ctx, page.limit(), page.offset() + page.limit(), "next"));
    }
    if (page.offset() > 0) {
      links.add(link(ctx, page.limit(), Math.max(0, page.offset() - page.limit()), "prev"));
    }
    if (!links.isEmpty()) {
      ctx.header("Link", String.join(", ", links));
    }
  }

  private static String link(Context ctx, int limit, int offset, String rel) {
    StringBuilder uri = new StringBuilder(ctx.path()).append('?');
    for (Map.Entry<String, List<String>> parameter : ctx.queryParamMap().entrySet()) {
      if (parameter.getKey().equals("limit") || parameter.getKey().equals("offset")) {
        continue;
      }
      for (String value : parameter.getValue()) {
        uri.append(encode(parameter.getKey())).append('=').append(encode(value)).append('&');
      }
    }
    uri.append("limit=").append(limit).append("&offset=").append(offset);
    return "<" + uri + ">; rel=\"" + rel + "\"";
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static int number(
      String text, String field, int fallback, int min, int max, FieldErrors errors) {
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        field, Problem.of("whole_from_to", "must be a whole number from {0} to {1}", min, max));
    return fallback;
  }
}
