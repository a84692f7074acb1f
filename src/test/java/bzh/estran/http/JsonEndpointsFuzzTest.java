package bzh.estran.http;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import io.fabric8.kubernetes.api.model.Namespace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A property-based fuzz test of every JSON endpoint (issue 7, "Proof"): random bodies, and valid
 * bodies mutated (a field of the wrong type or an odd string, a field dropped or repeated, the text
 * cut or broken, invalid UTF-8, another Content-Type). Whatever is sent, the answer is never a 5xx,
 * an error is always the contract's error JSON with a code of its vocabulary, and a refused request
 * leaves no row behind, nor a Kubernetes object without its sandbox.
 */
class JsonEndpointsFuzzTest {

  private static final Set<String> CODES =
      Set.of(
          "invalid_request",
          "unauthorized",
          "forbidden",
          "not_found",
          "conflict",
          "quota_exceeded",
          "rate_limited",
          "unsupported_media_type",
          "method_not_allowed",
          "payload_too_large",
          "unavailable");

  private static final String TABLES =
      "select (select count(*) from institutions) || '/' || (select count(*) from users)"
          + " || '/' || (select count(*) from api_tokens) || '/' || (select count(*) from cohorts)"
          + " || '/' || (select count(*) from sandboxes) || '/' || (select count(*) from quota_ledger)"
          + " || '/' || (select count(*) from memberships) || '/' || (select count(*) from quotas)";

  private static final JsonMapper PLAIN = JsonMapper.builder().build();
  private static final JsonMapper ESCAPING =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private static TestApp app;
  private static Api admin;
  private static List<Endpoint> endpoints;

  /** One JSON endpoint, with a body it accepts. */
  record Endpoint(String method, String path, Map<String, Object> valid) {}

  /** What one try sends. */
  record Attempt(String method, String path, String contentType, byte[] body, String described) {
    @Override
    public String toString() {
      return safe(method + " " + path + " [" + contentType + "] " + described);
    }
  }

  @BeforeContainer
  static void start() {
    app = TestApp.start(Map.of("ESTRAN_RATE_LIMIT_PER_MINUTE", "100000"));
    Fixtures fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    admin = app.admin();
    fixtures.member("ubs", "teacher@univ-ubs.fr", "cohort-manager");
    String userId =
        admin
            .post("/api/v1/users", "{\"email\":\"fuzz@univ-ubs.fr\",\"name\":\"Fuzz\"}")
            .text("id");
    admin.post(
        "/api/v1/institutions/ubs/members", "{\"email\":\"fuzz@univ-ubs.fr\",\"role\":\"member\"}");
    Instant now = app.clock().instant();
    Map<String, Object> cohort = new LinkedHashMap<>();
    cohort.put("name", "Fuzz lab");
    cohort.put("startsAt", now.minus(Duration.ofDays(1)).toString());
    cohort.put("endsAt", now.plus(Duration.ofDays(30)).toString());
    cohort.put("maxSandboxDuration", "PT8H");
    cohort.put("limits", Map.of("maxSandboxes", 5, "cpu", 8));
    cohort.put("joinCode", Map.of("maxUses", 10));
    Api.Response created = admin.post("/api/v1/institutions/ubs/cohorts", json(cohort));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String cohortId = created.text("id");
    String sandboxId =
        fixtures.sandbox(admin, "{\"template\":\"starter\",\"institution\":\"ubs\"}");
    endpoints =
        List.of(
            new Endpoint(
                "POST",
                "/api/v1/tokens",
                map("name", "laptop", "expiresAt", now.plus(Duration.ofDays(3)).toString())),
            new Endpoint("POST", "/api/v1/users", map("email", "new@univ-ubs.fr", "name", "New")),
            new Endpoint("PATCH", "/api/v1/me", map("language", "en")),
            new Endpoint("POST", "/api/v1/users/" + userId + "/tokens", map("name", "ci")),
            new Endpoint(
                "POST",
                "/api/v1/institutions",
                map("slug", "imt", "name", "IMT", "kind", "university")),
            new Endpoint(
                "POST",
                "/api/v1/institutions/ubs/members",
                map("email", "other@univ-ubs.fr", "role", "member")),
            new Endpoint(
                "PUT",
                "/api/v1/institutions/ubs/quota",
                map(
                    "maxSandboxes",
                    1000,
                    "cpu",
                    1000,
                    "memoryGiB",
                    1000,
                    "storageGiB",
                    1000,
                    "sandboxesPerUser",
                    100,
                    "coreHoursPerMonth",
                    100000)),
            new Endpoint(
                "PUT", "/api/v1/institutions/ubs/members/" + userId, map("role", "member")),
            new Endpoint("POST", "/api/v1/institutions/ubs/cohorts", cohort),
            new Endpoint(
                "POST",
                "/api/v1/cohorts/" + cohortId + "/join-code",
                map("expiresAt", now.plus(Duration.ofDays(2)).toString(), "maxUses", 20)),
            new Endpoint("POST", "/api/v1/join", map("code", "ABCDE-FGHJK")),
            new Endpoint(
                "POST",
                "/api/v1/cohorts/" + cohortId + "/sandboxes",
                map("template", "starter", "datasets", List.of(), "duration", "PT1H")),
            new Endpoint(
                "POST",
                "/api/v1/sandboxes",
                map(
                    "template",
                    "starter",
                    "datasets",
                    List.of(),
                    "duration",
                    "PT1H",
                    "name",
                    "lab",
                    "institution",
                    "ubs",
                    "cohort",
                    cohortId)),
            new Endpoint(
                "POST", "/api/v1/sandboxes/" + sandboxId + "/extend", map("duration", "PT1H")));
  }

  @AfterContainer
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static String json(Object value) {
    return PLAIN.writeValueAsString(value);
  }

  @Property(tries = 200, shrinking = ShrinkingMode.OFF)
  void noBodyYieldsA5xxOrANonContractErrorOrLeavesAnythingBehind(
      @ForAll("attempts") Attempt attempt) {
    String before = tables();
    Api.Response response =
        admin.raw(attempt.method(), attempt.path(), attempt.contentType(), attempt.body());
    String what = safe(attempt + " -> " + response);
    assertThat(response.status()).as(what).isLessThan(500);
    if (response.status() >= 400) {
      assertThat(response.contentType()).as(what).startsWith("application/json");
      JsonNode error = response.json().path("error");
      assertThat(CODES).as(what).contains(error.path("code").asString());
      assertThat(error.path("message").isString()).as(what).isTrue();
      assertThat(error.path("details").isObject()).as(what).isTrue();
      assertThat(tables()).as("rows after " + what).isEqualTo(before);
    }
    assertThat(orphanNamespaces()).as("namespaces without a sandbox after " + what).isEmpty();
  }

  /** The text in printable ASCII, and not too long, for failure messages. */
  private static String safe(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
      if (out.length() > 600) {
        return out.append("...").toString();
      }
    }
    return out.toString();
  }

  private static String tables() {
    return app.jdbi().withHandle(h -> h.select(TABLES).mapTo(String.class).one());
  }

  /** Estran's namespaces whose sandbox id has no row. */
  private static List<String> orphanNamespaces() {
    Set<String> rows =
        app.jdbi()
            .withHandle(h -> h.select("select id::text from sandboxes").mapTo(String.class).set());
    List<String> orphans = new ArrayList<>();
    for (Namespace namespace :
        app.cluster()
            .client()
            .namespaces()
            .withLabel("app.kubernetes.io/managed-by", "estran")
            .list()
            .getItems()) {
      String id = namespace.getMetadata().getLabels().get("estran.bzh/sandbox-id");
      if (!rows.contains(id)) {
        orphans.add(namespace.getMetadata().getName());
      }
    }
    return orphans;
  }

  @Provide
  Arbitrary<Attempt> attempts() {
    Arbitrary<Endpoint> endpoint = Arbitraries.of(endpoints);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, fieldMutation(endpoint)),
            net.jqwik.api.Tuple.of(2, textMutation(endpoint)),
            net.jqwik.api.Tuple.of(2, randomBody(endpoint)))
        .flatMap(attempt -> contentType().map(type -> withType(attempt, type)));
  }

  private static Attempt withType(Attempt attempt, String type) {
    return type.equals("keep")
        ? attempt
        : new Attempt(
            attempt.method(),
            attempt.path(),
            type.isEmpty() ? null : type,
            attempt.body(),
            attempt.described());
  }

  private static Arbitrary<String> contentType() {
    return Arbitraries.frequency(
        net.jqwik.api.Tuple.of(17, "keep"),
        net.jqwik.api.Tuple.of(1, "text/plain"),
        net.jqwik.api.Tuple.of(1, ""),
        net.jqwik.api.Tuple.of(1, "application/json; charset=iso-8859-1"));
  }

  /** A valid body with one field set to an odd value, dropped, or a field added. */
  private static Arbitrary<Attempt> fieldMutation(Arbitrary<Endpoint> endpoints) {
    return Combinators.combine(
            endpoints,
            Arbitraries.integers().between(0, 20),
            value(2),
            Arbitraries.integers().between(0, 3),
            Arbitraries.of(PLAIN, ESCAPING))
        .as(
            (endpoint, index, value, kind, writer) -> {
              Map<String, Object> body = new LinkedHashMap<>(endpoint.valid());
              List<String> keys = new ArrayList<>(body.keySet());
              String key = keys.get(index % keys.size());
              String described;
              if (kind == 0) {
                body.remove(key);
                described = "without " + key;
              } else if (kind == 1) {
                body.put("extra" + index, value);
                described = "with extra" + index + "=" + value;
              } else if (body.get(key) instanceof Map<?, ?> nested && !nested.isEmpty()) {
                Map<String, Object> inner = new LinkedHashMap<>();
                nested.forEach((k, v) -> inner.put((String) k, v));
                String innerKey = new ArrayList<>(inner.keySet()).get(index % inner.size());
                inner.put(innerKey, value);
                body.put(key, inner);
                described = key + "." + innerKey + "=" + printable(value);
              } else {
                body.put(key, value);
                described = key + "=" + printable(value);
              }
              return new Attempt(
                  endpoint.method(),
                  endpoint.path(),
                  "application/json",
                  bytes(writer, body),
                  described);
            });
  }

  /** A valid body's text broken: cut, a byte changed, a key repeated, invalid UTF-8 inside. */
  private static Arbitrary<Attempt> textMutation(Arbitrary<Endpoint> endpoints) {
    return Combinators.combine(
            endpoints,
            Arbitraries.integers().between(0, 1000),
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(0, 255))
        .as(
            (endpoint, position, kind, octet) -> {
              byte[] valid = json(endpoint.valid()).getBytes(StandardCharsets.UTF_8);
              int at = 1 + position % Math.max(1, valid.length - 1);
              byte[] body;
              String described;
              switch (kind) {
                case 0 -> {
                  body = java.util.Arrays.copyOf(valid, at);
                  described = "cut at " + at;
                }
                case 1 -> {
                  body = valid.clone();
                  body[at] = (byte) (int) octet;
                  described = "byte " + at + " set to " + octet;
                }
                case 2 -> {
                  String key = endpoint.valid().keySet().iterator().next();
                  String text = new String(valid, StandardCharsets.UTF_8);
                  body =
                      ("{\"" + key + "\":\"x\"," + text.substring(1))
                          .getBytes(StandardCharsets.UTF_8);
                  described = "key " + key + " twice";
                }
                default -> {
                  String text = new String(valid, StandardCharsets.UTF_8);
                  int quote = text.indexOf("\":\"");
                  int split = quote < 0 ? 1 : quote + 3;
                  byte[] head = text.substring(0, split).getBytes(StandardCharsets.UTF_8);
                  byte[] tail = text.substring(split).getBytes(StandardCharsets.UTF_8);
                  body = new byte[head.length + 2 + tail.length];
                  System.arraycopy(head, 0, body, 0, head.length);
                  body[head.length] = (byte) (0x80 | (octet & 0x3f));
                  body[head.length + 1] = (byte) 0xff;
                  System.arraycopy(tail, 0, body, head.length + 2, tail.length);
                  described = "invalid UTF-8 in the first string";
                }
              }
              return new Attempt(
                  endpoint.method(), endpoint.path(), "application/json", body, described);
            });
  }

  /** Any JSON value at all as the body. */
  private static Arbitrary<Attempt> randomBody(Arbitrary<Endpoint> endpoints) {
    return Combinators.combine(endpoints, value(3), Arbitraries.of(PLAIN, ESCAPING))
        .as(
            (endpoint, value, writer) ->
                new Attempt(
                    endpoint.method(),
                    endpoint.path(),
                    "application/json",
                    bytes(writer, value),
                    "random " + printable(value)));
  }

  private static String printable(Object value) {
    String text = ESCAPING.writeValueAsString(value);
    return text.length() > 120 ? text.substring(0, 120) + "…" : text;
  }

  /**
   * A JSON value: scalars of every type, odd strings, and (up to {@code depth}) arrays, objects.
   */
  private static Arbitrary<Object> value(int depth) {
    Arbitrary<Object> scalar =
        Arbitraries.oneOf(
            Arbitraries.just(null),
            Arbitraries.of(true, false),
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.longs().map(l -> (Object) l),
            Arbitraries.of(0.0001, 1.5, -1.0, 1e308, -0.0, 1.0).map(d -> (Object) d),
            Arbitraries.of(
                    new java.math.BigInteger("1234567890123456789012345678901"),
                    new java.math.BigDecimal("1e400"),
                    new java.math.BigDecimal("-1e-400"))
                .map(n -> (Object) n),
            oddStrings().map(s -> (Object) s),
            Arbitraries.strings().ofMaxLength(40).map(s -> (Object) s));
    if (depth <= 0) {
      return scalar;
    }
    Arbitrary<Object> array = value(depth - 1).list().ofMaxSize(3).map(list -> (Object) list);
    Arbitrary<Object> object =
        Arbitraries.maps(
                Arbitraries.of("name", "slug", "limits", "cpu", "a", "", "\u0000"),
                value(depth - 1))
            .ofMaxSize(3)
            .map(map -> (Object) map);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, scalar),
        net.jqwik.api.Tuple.of(1, array),
        net.jqwik.api.Tuple.of(1, object));
  }

  private static Arbitrary<String> oddStrings() {
    return Arbitraries.of(
        "",
        " ",
        "\u0000",
        "a\u0000b",
        "\u202eevil",
        "\u001b[31mred",
        "line\nbreak",
        "\ud800",
        "😀",
        "x".repeat(5000),
        "9".repeat(40),
        "1e400",
        "-1",
        "0",
        "true",
        "null",
        "+999999999-12-31T23:59:59Z",
        "-999999999-01-01T00:00:00Z",
        "2026-13-45T99:99:99Z",
        "0001-01-01T00:00:00Z",
        "P999999999D",
        "PT-1H",
        "PT0S",
        "P1Y",
        "starter",
        "web-app",
        "ubs",
        "institution-admin",
        "university",
        UUID.randomUUID().toString(),
        "../../etc/passwd",
        "%00",
        "'; drop table users; --",
        "<script>alert(1)</script>");
  }

  /** The value as JSON bytes; a lone surrogate cannot be written raw, so it is then escaped. */
  private static byte[] bytes(JsonMapper writer, Object value) {
    try {
      return writer.writeValueAsBytes(value);
    } catch (RuntimeException e) {
      return ESCAPING.writeValueAsBytes(value);
    }
  }
}
