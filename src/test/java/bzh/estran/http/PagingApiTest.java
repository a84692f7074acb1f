package bzh.estran.http;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every list endpoint tells a client about further pages (issue 7, item 10): an RFC 8288 {@code
 * Link: <...>; rel="next"} header while more remain, and {@code X-Total-Count}; following the links
 * visits every item exactly once.
 */
class PagingApiTest {

  private static final Pattern NEXT = Pattern.compile("<([^>]*)>;\\s*rel=\"next\"");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static TestApp app;
  private static Api admin;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    Fixtures fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    for (int i = 0; i < 7; i++) {
      fixtures.institution("inst-" + i);
    }
    admin = app.admin();
    for (int i = 0; i < 7; i++) {
      fixtures.sandbox(
          admin, "{\"template\":\"starter\",\"institution\":\"ubs\",\"duration\":\"PT1H\"}");
      assertThat(admin.post("/api/v1/tokens", "{\"name\":\"t" + i + "\"}").status()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** Follows the next links from {@code first}; returns the ids (or names) of every item seen. */
  private static List<String> walk(String first, String key, int expectedTotal) {
    List<String> seen = new ArrayList<>();
    String path = first;
    int pages = 0;
    while (path != null) {
      HttpResponse<String> response = admin.getWithHeaders(path);
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Total-Count"))
          .as(path)
          .hasValue(Integer.toString(expectedTotal));
      JsonNode page = JSON.readTree(response.body());
      assertThat(page.isArray()).isTrue();
      page.forEach(item -> seen.add(item.path(key).asString()));
      path =
          response
              .headers()
              .firstValue("Link")
              .map(NEXT::matcher)
              .filter(Matcher::find)
              .map(m -> m.group(1))
              .orElse(null);
      assertThat(++pages).as("pages").isLessThan(50);
    }
    return seen;
  }

  @Test
  void sandboxesArePagedWithNextLinksAndATotal() {
    List<String> ids = walk("/api/v1/sandboxes?institution=ubs&limit=3", "id", 7);
    assertThat(ids).hasSize(7);
    assertThat(new HashSet<>(ids)).hasSize(7);
    HttpResponse<String> last = admin.getWithHeaders("/api/v1/sandboxes?limit=3&offset=6");
    assertThat(last.headers().firstValue("Link").orElse("")).doesNotContain("rel=\"next\"");
    assertThat(last.headers().firstValue("Link").orElse("")).contains("rel=\"prev\"");
  }

  @Test
  void theFilterIsKeptInTheNextLink() {
    HttpResponse<String> first = admin.getWithHeaders("/api/v1/sandboxes?state=DELETED&limit=2");
    assertThat(first.headers().firstValue("X-Total-Count")).hasValue("0");
    assertThat(first.headers().firstValue("Link")).isEmpty();
    HttpResponse<String> filtered =
        admin.getWithHeaders("/api/v1/sandboxes?institution=ubs&owner=me&limit=2");
    assertThat(filtered.headers().firstValue("Link").orElse(""))
        .contains("institution=ubs")
        .contains("owner=me")
        .contains("offset=2");
  }

  @Test
  void institutionsAndTokensArePagedToo() {
    List<String> slugs = walk("/api/v1/institutions?limit=3", "slug", 8);
    assertThat(Set.copyOf(slugs)).hasSize(8).contains("ubs", "inst-6");
    int tokens = admin.get("/api/v1/tokens?limit=500").json().size();
    assertThat(walk("/api/v1/tokens?limit=2", "id", tokens)).hasSize(tokens);
    assertThat(
            walk(
                "/api/v1/templates?limit=1",
                "name",
                app.admin().get("/api/v1/templates").json().size()))
        .isNotEmpty();
  }

  @Test
  void badPagingParametersAreRefused() {
    for (String query :
        new String[] {"limit=0", "limit=501", "limit=1.5", "offset=-1", "limit=x"}) {
      Api.Response response = admin.get("/api/v1/institutions?" + query);
      assertThat(response.status()).as(query).isEqualTo(400);
      assertThat(response.errorCode()).isEqualTo("invalid_request");
    }
  }
}
