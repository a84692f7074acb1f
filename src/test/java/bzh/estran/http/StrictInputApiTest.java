package bzh.estran.http;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Strict JSON at the edge (issue 7, items 7 to 9): NUL bytes, timestamps PostgreSQL cannot store,
 * coerced types, duplicate keys, invalid UTF-8, wrong Content-Types and malformed paths are refused
 * with the contract's error JSON naming the field, and nothing is written.
 */
class StrictInputApiTest {

  private static TestApp app;
  private static Api admin;
  private static Api teacher;
  private static String cohortId;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    Fixtures fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    admin = app.admin();
    teacher = fixtures.member("ubs", "teacher@univ-ubs.fr", "cohort-manager");
    Api.Response cohort = teacher.post("/api/v1/institutions/ubs/cohorts", cohortBody("\"Lab\""));
    assertThat(cohort.status()).as(cohort.toString()).isEqualTo(201);
    cohortId = cohort.text("id");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String cohortBody(String name) {
    Instant now = app.clock().instant();
    return "{\"name\":"
        + name
        + ",\"startsAt\":\""
        + now.minus(Duration.ofDays(1))
        + "\",\"endsAt\":\""
        + now.plus(Duration.ofDays(30))
        + "\"}";
  }

  private static void assertRefused(Api.Response response, String field) {
    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.errorCode()).isEqualTo("invalid_request");
    assertThat(response.json().path("error").path("details").path("fields").has(field))
        .as(response.toString())
        .isTrue();
  }

  private static long count(String table) {
    return app.jdbi()
        .withHandle(h -> h.select("select count(*) from " + table).mapTo(Long.class).one());
  }

  // Item 7: NUL and out-of-range timestamps

  @Test
  void aNulInAStringFieldIsRefusedOnThatField() {
    long institutions = count("institutions");
    assertRefused(
        admin.post(
            "/api/v1/institutions",
            "{\"slug\":\"nul\",\"name\":\"Bad\\u0000name\",\"kind\":\"university\"}"),
        "name");
    assertThat(count("institutions")).isEqualTo(institutions);
    assertRefused(admin.post("/api/v1/tokens", "{\"name\":\"a\\u0000b\"}"), "name");
    assertRefused(
        admin.post("/api/v1/users", "{\"email\":\"x@univ-ubs.fr\",\"name\":\"\\u0000\"}"), "name");
    assertRefused(
        teacher.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"name\":\"a\\u0000\"}"),
        "name");
    assertRefused(
        teacher.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"datasets\":[\"\\u0000\"]}"),
        "datasets[0]");
    assertThat(count("sandboxes")).isZero();
  }

  @Test
  void aNulInAQueryParameterIsRefusedOnThatParameter() {
    assertRefused(admin.get("/api/v1/sandboxes?state=%00"), "state");
    assertRefused(admin.get("/api/v1/audit?actor=a%00b"), "actor");
    assertRefused(admin.get("/api/v1/institutions/ubs/usage?period=2026-11%00"), "period");
  }

  @Test
  void timestampsOutsideWhatPostgresqlStoresAreRefused() {
    Instant now = app.clock().instant();
    String far = "+999999999-12-31T23:59:59Z";
    assertRefused(
        teacher.post(
            "/api/v1/institutions/ubs/cohorts",
            "{\"name\":\"Far\",\"startsAt\":\"" + now + "\",\"endsAt\":\"" + far + "\"}"),
        "endsAt");
    assertRefused(
        admin.post("/api/v1/tokens", "{\"name\":\"far\",\"expiresAt\":\"" + far + "\"}"),
        "expiresAt");
    assertRefused(
        teacher.post(
            "/api/v1/cohorts/" + cohortId + "/join-code", "{\"expiresAt\":\"" + far + "\"}"),
        "expiresAt");
    assertRefused(
        admin.post("/api/v1/tokens", "{\"name\":\"old\",\"expiresAt\":\"-4714-11-24T00:00:00Z\"}"),
        "expiresAt");
    assertRefused(admin.get("/api/v1/audit?from=%2B999999999-12-31T23:59:59Z"), "from");
    assertRefused(admin.get("/api/v1/institutions/ubs/usage?period=%2B999999-12"), "period");
  }

  // Item 8: no coercion

  @Test
  void integersMustBeIntegers() {
    String quota =
        "{\"maxSandboxes\":%s,\"cpu\":10,\"memoryGiB\":10,\"storageGiB\":10,"
            + "\"sandboxesPerUser\":2,\"coreHoursPerMonth\":100}";
    assertRefused(
        admin.put("/api/v1/institutions/ubs/quota", quota.formatted("0.0001")), "maxSandboxes");
    assertRefused(
        admin.put("/api/v1/institutions/ubs/quota", quota.formatted("1.2345")), "maxSandboxes");
    assertRefused(
        admin.put("/api/v1/institutions/ubs/quota", quota.formatted("\"7\"")), "maxSandboxes");
    assertRefused(
        admin.put("/api/v1/institutions/ubs/quota", quota.formatted("true")), "maxSandboxes");
    String joinCode = "/api/v1/cohorts/" + cohortId + "/join-code";
    assertRefused(teacher.post(joinCode, "{\"maxUses\":\"\"}"), "maxUses");
    assertRefused(teacher.post(joinCode, "{\"maxUses\":1.5}"), "maxUses");
    assertRefused(teacher.post(joinCode, "{\"maxUses\":\"7\"}"), "maxUses");
  }

  @Test
  void integersBeyondTheirFieldsRangeAreRefusedOnThatField() {
    String joinCode = "/api/v1/cohorts/" + cohortId + "/join-code";
    assertRefused(teacher.post(joinCode, "{\"maxUses\":-9223372036854775807}"), "maxUses");
    assertRefused(teacher.post(joinCode, "{\"maxUses\":2147483648}"), "maxUses");
    assertRefused(
        teacher.post(joinCode, "{\"maxUses\":123456789012345678901234567890}"), "maxUses");
    String quota =
        "{\"maxSandboxes\":99999999999999999999,\"cpu\":10,\"memoryGiB\":10,\"storageGiB\":10,"
            + "\"sandboxesPerUser\":2,\"coreHoursPerMonth\":100}";
    assertRefused(admin.put("/api/v1/institutions/ubs/quota", quota), "maxSandboxes");
  }

  @Test
  void numbersAndBooleansAreNotStringsNorTimes() {
    assertRefused(
        teacher.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"name\":true}"), "name");
    assertRefused(teacher.post("/api/v1/sandboxes", "{\"template\":42}"), "template");
    for (String slug : new String[] {"0", "true", "1234567890123456789012345678901"}) {
      assertRefused(
          admin.post(
              "/api/v1/institutions",
              "{\"slug\":" + slug + ",\"name\":\"Numbers\",\"kind\":\"university\"}"),
          "slug");
    }
    Instant now = app.clock().instant();
    assertRefused(
        teacher.post(
            "/api/v1/institutions/ubs/cohorts",
            "{\"name\":\"Epoch\",\"startsAt\":12345,\"endsAt\":\""
                + now.plusSeconds(86400)
                + "\"}"),
        "startsAt");
    String quota =
        "{\"maxSandboxes\":1,\"cpu\":\"1.5\",\"memoryGiB\":10,\"storageGiB\":10,"
            + "\"sandboxesPerUser\":2,\"coreHoursPerMonth\":100}";
    assertRefused(admin.put("/api/v1/institutions/ubs/quota", quota), "cpu");
    assertThat(count("sandboxes")).isZero();
  }

  // Item 9: lax parsing

  @Test
  void duplicateKeysAreRefused() {
    assertRefused(
        teacher.post("/api/v1/sandboxes", "{\"template\":\"starter\",\"template\":\"web-app\"}"),
        "template");
    assertRefused(
        admin.put(
            "/api/v1/institutions/ubs/quota",
            "{\"maxSandboxes\":1,\"cpu\":1,\"cpu\":2000,\"memoryGiB\":1}"),
        "cpu");
    assertRefused(
        teacher.post(
            "/api/v1/sandboxes", "{\"template\":\"starter\",\"datasets\":[],\"datasets\":[]}"),
        "datasets");
    assertThat(count("sandboxes")).isZero();
  }

  @Test
  void jsonBodiesMustSayTheyAreJson() {
    byte[] body = "{\"name\":\"plain\"}".getBytes(StandardCharsets.UTF_8);
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
      Api.Response response = admin.raw("POST", "/api/v1/tokens", type, body);
      assertThat(response.status()).as(type + ": " + response).isEqualTo(415);
      assertThat(response.errorCode()).isEqualTo("unsupported_media_type");
    }
    Api.Response withCharset =
        admin.raw("POST", "/api/v1/tokens", "application/json; charset=utf-8", body);
    assertThat(withCharset.status()).as(withCharset.toString()).isEqualTo(201);
  }

  @Test
  void invalidUtf8IsRefusedNotReplaced() {
    byte[] start = "{\"name\":\"caf".getBytes(StandardCharsets.UTF_8);
    byte[] end = "\"}".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[start.length + 1 + end.length];
    System.arraycopy(start, 0, body, 0, start.length);
    body[start.length] = (byte) 0xE9; // Latin-1 é: not UTF-8
    System.arraycopy(end, 0, body, start.length + 1, end.length);
    long tokens = count("api_tokens");
    assertRefused(admin.raw("POST", "/api/v1/tokens", "application/json", body), "body");
    assertThat(count("api_tokens")).isEqualTo(tokens);
  }

  @Test
  void malformedPathsAnswerTheContractsErrorJson() {
    for (String path : new String[] {"/api/v1/sandboxes/%00", "/api/v1/institutions/a%00b/usage"}) {
      Api.Response response = admin.get(path);
      assertThat(response.status()).as(path + ": " + response).isBetween(400, 499);
      assertThat(response.contentType()).as(path).startsWith("application/json");
      assertThat(response.json().path("error").path("code").asString()).isNotEmpty();
    }
  }

  @Test
  void aMalformedPathsAnswerSaysTheConnectionClosesAndItDoes() throws Exception {
    URI base = URI.create(app.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /api/v1/sandboxes/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      // everything the server sends until it closes: the answer, then the end of the stream
      String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 400");
      assertThat(answer.lines().takeWhile(line -> !line.isEmpty()))
          .anySatisfy(line -> assertThat(line).isEqualToIgnoringCase("Connection: close"));
    }
    // and the client's next request, on a new connection, is answered
    assertThat(admin.get("/api/v1/sandboxes").status()).isEqualTo(200);
  }
}
