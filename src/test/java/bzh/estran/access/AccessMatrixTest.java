package bzh.estran.access;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The access matrix of {@code docs/access.md}, walked cell by cell against the running application.
 * The tables of the document are the test data: each cell becomes one dynamic test that makes the
 * real HTTP call as that caller, against an own ({@code ubs}) or foreign ({@code imt}) target, and
 * checks the status; a {@code 404} (and a {@code 403} about a foreign target) must look exactly
 * like the answer for a made-up id, and no {@code 2xx} read by a non-platform-admin may mention
 * anything of {@code imt}. Two more tests keep the document, this class and the registered routes
 * in step.
 */
class AccessMatrixTest {

  private static final Path DOC = Path.of("docs", "access.md");
  private static final Path ROUTES_DIR = Path.of("src", "main", "java", "bzh", "estran", "http");
  private static final Pattern ROUTE =
      Pattern.compile(
          "\\broutes\\s*\\.\\s*(get|post|put|patch|delete|head)\\s*\\(\\s*\"([^\"]+)\"");
  private static final Pattern PARAM = Pattern.compile("[{<]([^}>]+)[}>]");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z-]*)}");
  private static final Pattern GAP = Pattern.compile("\\(gap (G\\d+)\\)");
  private static final Pattern STATUS = Pattern.compile("^(\\d{3}|—|TODO)(?!\\w)");

  /** Placeholders that name a thing; a twin request replaces them with made-up values. */
  private static final Set<String> TARGETS =
      Set.of("inst", "cohort", "sandbox", "user", "member", "token", "dataset");

  /** The columns of the document: who calls, and which side the target is on. */
  private static final Map<String, Column> COLUMNS =
      Map.of(
          "anon", new Column("anon", Side.Which.OWN),
          "M own", new Column("member", Side.Which.OWN),
          "P own", new Column("peer", Side.Which.OWN),
          "M foreign", new Column("member", Side.Which.FOREIGN),
          "CM own", new Column("cohort-manager", Side.Which.OWN),
          "CM foreign", new Column("cohort-manager", Side.Which.FOREIGN),
          "IA own", new Column("institution-admin", Side.Which.OWN),
          "IA foreign", new Column("institution-admin", Side.Which.FOREIGN),
          "PA", new Column("platform-admin", Side.Which.FOREIGN),
          "DS", new Column("data-steward", Side.Which.OWN));

  private static final String ROOMY_QUOTA =
      "{\"maxSandboxes\":10000,\"cpu\":100000,\"memoryGiB\":100000,"
          + "\"storageGiB\":100000,\"sandboxesPerUser\":10000,\"coreHoursPerMonth\":10000000}";
  private static final String SANDBOX = "{\"template\":\"starter\",\"duration\":\"PT1H\"";

  /** A configured provider (never contacted: every caller here uses API tokens). */
  private static final String ISSUER = "https://idp.univ-ubs.fr/realms/ubs";

  private static TestApp app;
  private static Fixtures fixtures;
  private static Side own;
  private static Side foreign;
  private static Api peer;
  private static Api steward;
  private static final AtomicInteger counter = new AtomicInteger();
  private static final Map<String, String> common = new HashMap<>();

  // ---------------------------------------------------------------------------------------------
  // The world: two institutions, each with a member, a cohort manager, an admin, a cohort the
  // member
  // joined, and a READY sandbox of the member in that cohort.

  /** One institution's fixtures. */
  record Side(
      String slug,
      String domain,
      Api member,
      String memberId,
      Api manager,
      String managerId,
      Api admin,
      String adminId,
      String cohort,
      String sandbox) {
    enum Which {
      OWN,
      FOREIGN
    }

    Map<String, String> values() {
      Map<String, String> values = new LinkedHashMap<>();
      values.put("inst", slug);
      values.put("domain", domain);
      values.put("cohort", cohort);
      values.put("sandbox", sandbox);
      values.put("user", memberId);
      values.put("dataset", "air-quality");
      return values;
    }
  }

  @BeforeAll
  static void start() {
    app =
        TestApp.start(
            Map.of(
                "ESTRAN_SWEEP_INTERVAL",
                "PT1S",
                // the matrix makes hundreds of calls per caller; rate limiting has its own test
                "ESTRAN_RATE_LIMIT_PER_MINUTE",
                "0",
                "ESTRAN_OIDC_PROVIDERS",
                "[{\"issuer\":\""
                    + ISSUER
                    + "\",\"jwksUrl\":\""
                    + ISSUER
                    + "/certs\","
                    + "\"domains\":[\"univ-ubs.fr\"],\"cliClientId\":\"estran-cli\"}]"));
    fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    fixtures.institution("imt");
    Instant now = app.clock().instant();
    common.put("starts", now.minus(Duration.ofDays(1)).toString());
    common.put("ends", now.plus(Duration.ofDays(30)).toString());
    common.put("own-inst", "ubs");
    own = side("ubs", "univ-ubs.fr");
    foreign = side("imt", "imt-atlantique.fr");
    peer = fixtures.member("ubs", "peer@univ-ubs.fr", "member");
    steward = fixtures.member("ubs", "steward@univ-ubs.fr", "member");
    MatrixDatasets.grantSteward(app, idOf(steward));
    common.putAll(MatrixDatasets.publish(app, "air-quality"));
    fixtures.awaitState(own.member(), own.sandbox(), "READY");
    fixtures.awaitState(foreign.member(), foreign.sandbox(), "READY");
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  private static Side side(String slug, String domain) {
    Api member = fixtures.member(slug, "student@" + domain, "member");
    Api manager = fixtures.member(slug, "teacher@" + domain, "cohort-manager");
    Api admin = fixtures.member(slug, "admin@" + domain, "institution-admin");
    Api.Response cohort =
        manager.post("/api/v1/institutions/" + slug + "/cohorts", cohortBody("Main " + slug));
    assertThat(cohort.status()).as(cohort.toString()).isEqualTo(201);
    join(member, cohort.text("joinCode"));
    String sandbox =
        fixtures.sandbox(member, SANDBOX + ",\"cohort\":\"" + cohort.text("id") + "\"}");
    return new Side(
        slug,
        domain,
        member,
        idOf(member),
        manager,
        idOf(manager),
        admin,
        idOf(admin),
        cohort.text("id"),
        sandbox);
  }

  private static String cohortBody(String name) {
    return "{\"name\":\""
        + name
        + "\",\"startsAt\":\""
        + common.get("starts")
        + "\",\"endsAt\":\""
        + common.get("ends")
        + "\"}";
  }

  private static void join(Api who, String code) {
    Api.Response joined = who.post("/api/v1/join", "{\"code\":\"" + code + "\"}");
    assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
  }

  private static String idOf(Api who) {
    return who.get("/api/v1/me").text("id");
  }

  private static Side side(Side.Which which) {
    return which == Side.Which.OWN ? own : foreign;
  }

  /** The shared caller of a column. */
  private static Api caller(String role) {
    return switch (role) {
      case "anon" -> app.admin().as(null);
      case "member" -> own.member();
      case "peer" -> peer;
      case "cohort-manager" -> own.manager();
      case "institution-admin" -> own.admin();
      case "platform-admin" -> app.admin();
      case "data-steward" -> steward;
      default -> throw new IllegalArgumentException(role);
    };
  }

  /**
   * A new caller with the column's role in {@code ubs}, for cells whose call changes the caller.
   */
  private static Api freshCaller(String role) {
    return switch (role) {
      case "anon", "platform-admin" -> caller(role);
      case "member", "peer" ->
          fixtures.member("ubs", "fresh" + counter.incrementAndGet() + "@univ-ubs.fr", "member");
      default -> fixtures.member("ubs", "fresh" + counter.incrementAndGet() + "@univ-ubs.fr", role);
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Throwaway targets, made for one cell.

  /** A new member of the side's institution: {user} and {member}. */
  private static Map<String, String> freshMember(Side side) {
    Api.Response added =
        app.admin()
            .post(
                "/api/v1/institutions/" + side.slug() + "/members",
                "{\"email\":\"gone"
                    + counter.incrementAndGet()
                    + "@"
                    + side.domain()
                    + "\",\"role\":\"member\"}");
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    String id = added.json().path("user").path("id").asString();
    return Map.of("user", id, "member", id);
  }

  /** A new member of the side's institution, with their e-mail: {user}, {member}, {email}. */
  private static Map<String, String> freshMemberWithEmail(Side side) {
    String email = "known" + counter.incrementAndGet() + "@" + side.domain();
    Api.Response added =
        app.admin()
            .post(
                "/api/v1/institutions/" + side.slug() + "/members",
                "{\"email\":\"" + email + "\",\"role\":\"member\"}");
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    String id = added.json().path("user").path("id").asString();
    return Map.of("user", id, "member", id, "email", email);
  }

  /**
   * A new member of {@code ubs} with an API token: also a member of {@code imt} on the foreign
   * side, or a platform admin.
   */
  private static Map<String, String> freshMemberOfUbsWithToken(Side side, boolean platformAdmin) {
    String email = "both" + counter.incrementAndGet() + "@example.org";
    Map<String, String> ids = new HashMap<>();
    for (String slug : side == own || platformAdmin ? List.of("ubs") : List.of("imt", "ubs")) {
      Api.Response added =
          app.admin()
              .post(
                  "/api/v1/institutions/" + slug + "/members",
                  "{\"email\":\"" + email + "\",\"role\":\"member\"}");
      assertThat(added.status()).as(added.toString()).isEqualTo(201);
      ids.put("member", added.json().path("user").path("id").asString());
    }
    if (platformAdmin) {
      app.jdbi()
          .useHandle(
              h ->
                  h.createUpdate("update users set platform_admin = true where email = :email")
                      .bind("email", email)
                      .execute());
    }
    Api.Response token =
        app.admin().post("/api/v1/users/" + ids.get("member") + "/tokens", "{\"name\":\"laptop\"}");
    assertThat(token.status()).as(token.toString()).isEqualTo(201);
    ids.put("user", ids.get("member"));
    return ids;
  }

  private static Map<String, String> freshDeactivatedUser(Side side) {
    Map<String, String> user = freshMember(side);
    Api.Response off = app.admin().post("/api/v1/users/" + user.get("user") + "/deactivate", "{}");
    assertThat(off.status()).as(off.toString()).isEqualTo(200);
    return user;
  }

  /** A new cohort of the side, managed by its cohort manager, that its member joined. */
  private static Map<String, String> freshCohort(Side side, boolean memberJoins) {
    Api.Response cohort =
        side.manager()
            .post(
                "/api/v1/institutions/" + side.slug() + "/cohorts",
                cohortBody("Throwaway " + counter.incrementAndGet()));
    assertThat(cohort.status()).as(cohort.toString()).isEqualTo(201);
    if (memberJoins) {
      join(side.member(), cohort.text("joinCode"));
    }
    return Map.of("cohort", cohort.text("id"), "code", cohort.text("joinCode"));
  }

  /** A new sandbox of the side's member, in the side's cohort. */
  private static Map<String, String> freshSandbox(Side side) {
    return Map.of(
        "sandbox",
        fixtures.sandbox(side.member(), SANDBOX + ",\"cohort\":\"" + side.cohort() + "\"}"));
  }

  /** A token of the caller (own side) or of the foreign member (foreign side). */
  private static Map<String, String> freshToken(Side side, Api caller) {
    Api.Response token;
    if (side == own && caller.token() != null) {
      token = caller.post("/api/v1/tokens", "{\"name\":\"throwaway\"}");
    } else {
      String owner = side == own ? own.memberId() : foreign.memberId();
      token = app.admin().post("/api/v1/users/" + owner + "/tokens", "{\"name\":\"throwaway\"}");
    }
    assertThat(token.status()).as(token.toString()).isEqualTo(201);
    return Map.of("token", token.text("id"));
  }

  // ---------------------------------------------------------------------------------------------
  // How to make the call of each row; the keys are the rows of docs/access.md.

  /**
   * A row's request: method, path (and query), body, the throwaway target it needs, extra checks.
   */
  record Recipe(
      String method,
      String path,
      String body,
      BiFunction<Side, Api, Map<String, String>> target,
      boolean freshCaller,
      BodyCheck check) {}

  /** A check of a 2xx body beyond the status. */
  interface BodyCheck {
    void check(Column column, Side side, String body);
  }

  private static final Map<String, Recipe> RECIPES = new LinkedHashMap<>();

  /**
   * The row whose foreign {@code 403} tells that an account exists for the address (note 21 of
   * docs/access.md), so it cannot look like the answer for an unknown one.
   */
  private static final String TELLS_AN_ACCOUNT =
      "POST /api/v1/institutions/{own-inst}/members (a user of {inst})";

  private static void recipe(String row, String body) {
    recipe(row, body, null, false, null);
  }

  private static void recipe(
      String row, String body, BiFunction<Side, Api, Map<String, String>> target) {
    recipe(row, body, target, false, null);
  }

  private static void recipe(
      String row,
      String body,
      BiFunction<Side, Api, Map<String, String>> target,
      boolean freshCaller,
      BodyCheck check) {
    String[] parts = row.split(" ");
    RECIPES.put(row, new Recipe(parts[0], parts[1], body, target, freshCaller, check));
  }

  static {
    // Identity and users
    recipe("GET /api/v1/me", null);
    recipe("PATCH /api/v1/me", "{\"language\":\"en\"}");
    recipe("POST /api/v1/tokens", "{\"name\":\"t{n}\"}");
    recipe("GET /api/v1/tokens", null);
    recipe("DELETE /api/v1/tokens/{token}", null, AccessMatrixTest::freshToken);
    recipe("POST /api/v1/users", "{\"email\":\"new{n}@univ-ubs.fr\",\"name\":\"New\"}");
    recipe("POST /api/v1/users/{user}/tokens", "{\"name\":\"t{n}\"}");
    recipe("POST /api/v1/users/{user}/deactivate", "{}", (side, caller) -> freshMember(side));
    recipe(
        "POST /api/v1/users/{user}/activate", "{}", (side, caller) -> freshDeactivatedUser(side));
    recipe("POST /api/v1/users/{user}/erase", "{}", (side, caller) -> freshMember(side));
    recipe("GET /api/v1/auth/providers", null);
    recipe("GET /api/v1/users/{user}/identities", null);
    recipe(
        "PUT /api/v1/users/{user}/identities",
        "{\"issuer\":\"" + ISSUER + "\",\"subject\":\"sub-{n}\"}");
    recipe("DELETE /api/v1/users/{user}/identities", null);
    // Institutions and members
    recipe(
        "POST /api/v1/institutions",
        "{\"slug\":\"tmp{n}\",\"name\":\"Temporary\",\"kind\":\"company\"}");
    recipe("GET /api/v1/institutions", null);
    recipe("GET /api/v1/institutions/{inst}", null);
    recipe("GET /api/v1/institutions/{inst}/members", null);
    recipe(
        "POST /api/v1/institutions/{inst}/members",
        "{\"email\":\"added{n}@{domain}\",\"role\":\"member\"}");
    recipe(
        "PUT /api/v1/institutions/{inst}/members/{member}",
        "{\"role\":\"cohort-manager\"}",
        (side, caller) -> freshMember(side));
    recipe(
        "DELETE /api/v1/institutions/{inst}/members/{member}",
        null,
        (side, caller) -> freshMember(side));
    recipe(
        "DELETE /api/v1/institutions/{own-inst}/members/{member}",
        null,
        (side, caller) -> freshMember(side));
    recipe(
        "POST /api/v1/institutions/{own-inst}/members (a user of {inst})",
        "{\"email\":\"{email}\",\"role\":\"member\"}",
        (side, caller) -> freshMemberWithEmail(side));
    recipe(
        "POST /api/v1/institutions/{own-inst}/members (the platform admin)",
        "{\"email\":\"admin@estran.local\",\"role\":\"member\"}");
    recipe(
        "DELETE /api/v1/institutions/{own-inst}/members/{member} (also of {inst})",
        null,
        (side, caller) -> freshMemberOfUbsWithToken(side, false),
        false,
        (column, side, body) ->
            assertThat(body)
                .as("tokens revoked only for someone who then belongs nowhere")
                .contains("\"revokedTokens\":" + (side == own ? 1 : 0)));
    recipe(
        "DELETE /api/v1/institutions/{own-inst}/members/{member} (a platform admin)",
        null,
        (side, caller) -> freshMemberOfUbsWithToken(side, true),
        false,
        (column, side, body) ->
            assertThat(body)
                .as("a platform admin's tokens are never revoked by a removal")
                .contains("\"revokedTokens\":0"));
    // Quota, usage and reports (a quota PUT sends the quota the institution already has)
    recipe("PUT /api/v1/institutions/{inst}/quota", ROOMY_QUOTA);
    recipe("GET /api/v1/institutions/{inst}/quota", null);
    recipe("GET /api/v1/institutions/{inst}/usage", null);
    recipe("GET /api/v1/institutions/{inst}/report", null);
    recipe("GET /api/v1/institutions/{inst}/report?format=csv", null);
    recipe("GET /api/v1/reports/chargeback", null);
    // Cohorts and joining
    BodyCheck noCodeForMembers =
        (column, side, body) -> {
          if (column.role().equals("member") || column.role().equals("peer")) {
            assertThat(body).as("a member never sees a join code").doesNotContain("joinCode");
          }
        };
    recipe(
        "POST /api/v1/institutions/{inst}/cohorts",
        "{\"name\":\"New {n}\",\"startsAt\":\"{starts}\",\"endsAt\":\"{ends}\"}");
    recipe("GET /api/v1/institutions/{inst}/cohorts", null, null, false, noCodeForMembers);
    recipe("GET /api/v1/cohorts/{cohort}", null, null, false, noCodeForMembers);
    recipe("GET /api/v1/cohorts/{cohort}/members", null);
    recipe(
        "POST /api/v1/cohorts/{cohort}/join-code", "{}", (side, caller) -> freshCohort(side, true));
    recipe(
        "POST /api/v1/join",
        "{\"code\":\"{code}\"}",
        (side, caller) -> freshCohort(side, false),
        true,
        null);
    recipe("POST /api/v1/cohorts/{cohort}/sandboxes", SANDBOX + "}");
    // Sandboxes
    recipe("POST /api/v1/sandboxes (in {inst})", SANDBOX + ",\"institution\":\"{inst}\"}");
    recipe("POST /api/v1/sandboxes (in {cohort})", SANDBOX + ",\"cohort\":\"{cohort}\"}");
    recipe(
        "GET /api/v1/sandboxes",
        null,
        null,
        false,
        (column, side, body) -> {
          boolean seesOwnSandbox = !column.role().equals("peer");
          assertThat(body.contains(own.sandbox()))
              .as("the ubs member's sandbox is in the list of %s", column.role())
              .isEqualTo(seesOwnSandbox);
          if (column.role().equals("platform-admin")) {
            assertThat(body).as("a platform admin sees everything").contains(foreign.sandbox());
          }
        });
    recipe("GET /api/v1/sandboxes?institution={inst}", null);
    recipe("GET /api/v1/sandboxes?cohort={cohort}", null);
    recipe("GET /api/v1/sandboxes/{sandbox}", null);
    recipe(
        "POST /api/v1/sandboxes/{sandbox}/extend",
        "{\"duration\":\"PT1H\"}",
        (side, caller) -> freshSandbox(side));
    recipe("DELETE /api/v1/sandboxes/{sandbox}", null, (side, caller) -> freshSandbox(side));
    recipe("GET /api/v1/sandboxes/{sandbox}/kubeconfig", null);
    // Catalog and operations
    recipe("GET /healthz", null);
    recipe("GET /readyz", null);
    recipe("GET /metrics", null);
    recipe("GET /api/v1/openapi.json", null);
    recipe("GET /api/v1/templates", null);
    recipe("GET /api/v1/datasets", null);
    recipe("GET /api/v1/datasets/{dataset}", null);
    // Datasets
    recipe("POST /api/v1/datasets", MatrixDatasets.datasetBody("set-{n}"));
    recipe("POST /api/v1/datasets/{dataset}/runs", "{policy}");
    recipe("GET /api/v1/datasets/{dataset}/runs", null);
    recipe("GET /api/v1/datasets/{dataset}/runs/{run}", null);
    recipe(
        "PUT /api/v1/datasets/{dataset}/runs/{run}/data",
        "{csv}",
        (side, caller) -> MatrixDatasets.freshRun(app, "air-quality", false));
    recipe(
        "POST /api/v1/datasets/{dataset}/runs/{run}/publish",
        null,
        (side, caller) -> MatrixDatasets.freshRun(app, "air-quality", true));
    recipe(
        "POST /api/v1/datasets/{dataset}/versions/{version}/withdraw",
        null,
        (side, caller) -> MatrixDatasets.freshVersion(app, "air-quality"));
    recipe("PUT /api/v1/users/{user}/data-steward", null, (side, caller) -> freshMember(side));
    recipe(
        "DELETE /api/v1/users/{user}/data-steward",
        null,
        (side, caller) -> {
          Map<String, String> user = freshMember(side);
          MatrixDatasets.grantSteward(app, user.get("user"));
          return user;
        });
    recipe("GET /api/v1/dataset-content/{dataset}/{version}", null);
    // Audit
    recipe("GET /api/v1/audit", null);
    recipe("GET /api/v1/audit?institution={inst}", null);
  }

  // ---------------------------------------------------------------------------------------------
  // The document.

  record Column(String role, Side.Which which) {}

  record Cell(String table, String row, String header, Column column, String expected, String gap) {
    boolean applicable() {
      return !expected.equals("—");
    }

    String name() {
      return header + " → " + expected + (gap == null ? "" : " (gap " + gap + ")");
    }
  }

  record Row(String table, String key, List<Cell> cells) {
    /** "METHOD /path/{}" as registered, whatever the placeholders are called. */
    String route() {
      String[] parts = key.split(" ");
      String path =
          parts[1].contains("?") ? parts[1].substring(0, parts[1].indexOf('?')) : parts[1];
      return parts[0] + " " + PARAM.matcher(path).replaceAll("{}");
    }

    boolean todo() {
      return cells.stream().allMatch(cell -> cell.expected().equals("TODO"));
    }
  }

  record Doc(List<Row> rows, Map<String, String> gaps) {}

  static Doc parse() throws IOException {
    List<String> lines = Files.readAllLines(DOC);
    List<Row> rows = new ArrayList<>();
    Map<String, String> gaps = new LinkedHashMap<>();
    String table = "";
    List<String> headers = null;
    for (String line : lines) {
      if (line.startsWith("#")) {
        table = line.replaceFirst("^#+\\s*", "");
        headers = null;
        continue;
      }
      Matcher gap = Pattern.compile("^- \\*\\*(G\\d+)\\*\\* — (.*)").matcher(line);
      if (gap.find()) {
        gaps.put(gap.group(1), gap.group(2));
      }
      if (!line.startsWith("|")) {
        headers = null;
        continue;
      }
      List<String> cells =
          List.of(line.substring(1, line.lastIndexOf('|')).split("\\|")).stream()
              .map(String::trim)
              .toList();
      if (cells.get(0).equals("endpoint")) {
        headers = cells;
        for (String header : headers.subList(1, headers.size())) {
          assertThat(COLUMNS).as("column %s of table %s", header, table).containsKey(header);
        }
        continue;
      }
      if (headers == null || cells.get(0).startsWith("---")) {
        continue;
      }
      assertThat(cells).as("cells of %s", line).hasSameSizeAs(headers);
      String key = cells.get(0).replace("`", "").replaceAll("\\s*\\[\\d+]", "").trim();
      List<Cell> parsed = new ArrayList<>();
      for (int i = 1; i < cells.size(); i++) {
        Matcher status = STATUS.matcher(cells.get(i));
        assertThat(status.find()).as("cell %s of %s in %s", headers.get(i), key, table).isTrue();
        Matcher gapMark = GAP.matcher(cells.get(i));
        parsed.add(
            new Cell(
                table,
                key,
                headers.get(i),
                COLUMNS.get(headers.get(i)),
                status.group(1),
                gapMark.find() ? gapMark.group(1) : null));
      }
      rows.add(new Row(table, key, parsed));
    }
    return new Doc(rows, gaps);
  }

  // ---------------------------------------------------------------------------------------------
  // The tests.

  @TestFactory
  Stream<DynamicNode> everyCellOfTheMatrix() throws IOException {
    Doc doc = parse();
    Map<String, List<Row>> tables =
        doc.rows().stream()
            .collect(Collectors.groupingBy(Row::table, LinkedHashMap::new, Collectors.toList()));
    return tables.entrySet().stream()
        .map(
            table ->
                DynamicContainer.dynamicContainer(
                    table.getKey(),
                    table.getValue().stream()
                        .map(
                            row ->
                                DynamicContainer.dynamicContainer(
                                    row.key(),
                                    row.cells().stream()
                                        .filter(Cell::applicable)
                                        .map(
                                            cell ->
                                                DynamicTest.dynamicTest(
                                                    cell.name(), () -> walk(cell, doc.gaps())))))));
  }

  @Test
  void everyRegisteredRouteHasARowAndEveryRowARoute() throws IOException {
    Set<String> registered = registeredRoutes();
    assertThat(registered)
        .as("the scan of *Routes.java works")
        .contains("GET /healthz", "DELETE /api/v1/sandboxes/{}")
        .hasSizeGreaterThan(30);
    Doc doc = parse();
    Set<String> documented =
        doc.rows().stream().map(Row::route).collect(Collectors.toCollection(TreeSet::new));
    assertThat(documented)
        .as("routes registered in *Routes.java with no row in docs/access.md")
        .containsAll(registered);
    Set<String> placeholders =
        doc.rows().stream().filter(Row::todo).map(Row::route).collect(Collectors.toSet());
    assertThat(registered)
        .as("rows of docs/access.md naming no registered route (TODO rows excepted)")
        .containsAll(documented.stream().filter(route -> !placeholders.contains(route)).toList());
    assertThat(placeholders)
        .as("routes registered while their row in docs/access.md still says TODO")
        .noneMatch(registered::contains);
  }

  @Test
  void everyRowHasARecipeAndEveryRecipeARow() throws IOException {
    Doc doc = parse();
    Set<String> rows =
        doc.rows().stream()
            .filter(row -> !row.todo())
            .map(Row::key)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(new TreeSet<>(RECIPES.keySet())).isEqualTo(rows);
    assertThat(
            doc.rows().stream()
                .flatMap(row -> row.cells().stream())
                .filter(Cell::applicable)
                .count())
        .as("cells walked")
        .isGreaterThan(300);
    doc.rows().stream()
        .flatMap(row -> row.cells().stream())
        .filter(cell -> cell.gap() != null)
        .forEach(
            cell ->
                assertThat(doc.gaps())
                    .as("gap %s is explained", cell.gap())
                    .containsKey(cell.gap()));
  }

  // ---------------------------------------------------------------------------------------------
  // Walking one cell.

  private static void walk(Cell cell, Map<String, String> gaps) {
    if (cell.expected().equals("TODO")) {
      Assumptions.abort("TODO in docs/access.md: " + cell.row() + " is not implemented yet");
    }
    if (cell.gap() == null) {
      check(cell);
      return;
    }
    try {
      check(cell);
    } catch (AssertionError e) {
      Assumptions.abort(
          "known gap " + cell.gap() + ": " + gaps.get(cell.gap()) + "\n" + e.getMessage());
    }
  }

  private static void check(Cell cell) {
    Recipe recipe = RECIPES.get(cell.row());
    assertThat(recipe).as("recipe of %s", cell.row()).isNotNull();
    Side side = side(cell.column().which());
    String role = cell.column().role();
    Api caller = recipe.freshCaller() ? freshCaller(role) : caller(role);
    Map<String, String> values = new LinkedHashMap<>(common);
    values.putAll(side.values());
    values.put("n", Integer.toString(counter.incrementAndGet()));
    if (recipe.target() != null) {
      values.putAll(recipe.target().apply(side, caller));
    }
    Api.Response response = call(caller, recipe, values);
    String what =
        cell.table()
            + " / "
            + cell.row()
            + " / "
            + cell.header()
            + ": "
            + recipe.method()
            + " "
            + fill(recipe.path(), values);
    int expected = Integer.parseInt(cell.expected());
    assertThat(response.status()).as(what + " answered " + response).isEqualTo(expected);
    boolean foreignTarget = cell.column().which() == Side.Which.FOREIGN;
    boolean platformAdmin = role.equals("platform-admin");
    if (expected >= 400) {
      assertThat(response.errorCode())
          .as(what)
          .isEqualTo(
              switch (expected) {
                case 401 -> "unauthorized";
                case 403 -> "forbidden";
                case 409 -> "conflict";
                default -> "not_found";
              });
      assertThat(response.json().path("error").path("message").asString())
          .as(what + ": a route that exists")
          .doesNotStartWith("No such endpoint");
    }
    if (expected == 404
        || (expected == 403
            && foreignTarget
            && !platformAdmin
            && !TELLS_AN_ACCOUNT.equals(cell.row()))
        || (expected < 300 && recipe.method().equals("GET") && foreignTarget && !platformAdmin)) {
      assertSameAsForUnknown(what, caller, recipe, values, response);
    }
    if (expected < 300 && recipe.method().equals("GET") && !platformAdmin) {
      for (String marker : foreignMarkers()) {
        assertThat(response.body()).as(what + " shows nothing of imt").doesNotContain(marker);
      }
    }
    if (expected < 300 && recipe.check() != null) {
      recipe.check().check(cell.column(), side, response.body());
    }
  }

  /** The same request on made-up ids and slugs gets the same answer, up to those ids. */
  private static void assertSameAsForUnknown(
      String what, Api caller, Recipe recipe, Map<String, String> values, Api.Response response) {
    Map<String, String> unknown = new LinkedHashMap<>(values);
    Map<String, String> used = new LinkedHashMap<>();
    for (String key : TARGETS) {
      if (values.containsKey(key) && mentions(recipe, key)) {
        unknown.put(
            key,
            key.equals("inst") || key.equals("dataset")
                ? "nx" + counter.incrementAndGet()
                : UUID.randomUUID().toString());
        used.put(key, values.get(key));
      }
    }
    assertThat(used).as(what + ": names a target to make up").isNotEmpty();
    Api.Response twin = call(caller, recipe, unknown);
    assertThat(twin.status())
        .as(what + ": status as for an unknown target (" + twin + ")")
        .isEqualTo(response.status());
    assertThat(twin.contentType())
        .as(what + ": content type as for an unknown target")
        .isEqualTo(response.contentType());
    String body = response.body();
    String twinBody = twin.body();
    for (String key : used.keySet()) {
      body = body.replace(values.get(key), "{" + key + "}");
      twinBody = twinBody.replace(unknown.get(key), "{" + key + "}");
    }
    assertThat(body).as(what + ": body as for an unknown target").isEqualTo(twinBody);
  }

  private static boolean mentions(Recipe recipe, String key) {
    String placeholder = "{" + key + "}";
    return recipe.path().contains(placeholder)
        || (recipe.body() != null && recipe.body().contains(placeholder));
  }

  private static List<String> foreignMarkers() {
    return List.of(
        "\"imt\"",
        "imt-atlantique.fr",
        foreign.cohort(),
        foreign.sandbox(),
        foreign.memberId(),
        foreign.managerId(),
        foreign.adminId());
  }

  private static Api.Response call(Api caller, Recipe recipe, Map<String, String> values) {
    String path = fill(recipe.path(), values);
    String body = recipe.body() == null ? null : fill(recipe.body(), values);
    return switch (recipe.method()) {
      case "GET" -> caller.get(path);
      case "POST" -> caller.post(path, body == null ? "" : body);
      case "PUT" -> caller.put(path, body == null ? "" : body);
      case "PATCH" ->
          caller.raw(
              "PATCH",
              path,
              "application/json",
              (body == null ? "" : body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      case "DELETE" -> caller.delete(path);
      default -> throw new IllegalArgumentException(recipe.method());
    };
  }

  private static String fill(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      assertThat(value).as("value of {%s} in %s", m.group(1), template).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** "METHOD /path/{}" for every route literal in src/main/java/bzh/estran/http/*Routes.java. */
  private static Set<String> registeredRoutes() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(ROUTES_DIR)) {
      files =
          listing.filter(f -> f.getFileName().toString().endsWith("Routes.java")).sorted().toList();
    }
    Set<String> routes = new TreeSet<>();
    for (Path file : files) {
      Matcher m = ROUTE.matcher(Files.readString(file));
      while (m.find()) {
        routes.add(
            m.group(1).toUpperCase(Locale.ROOT) + " " + PARAM.matcher(m.group(2)).replaceAll("{}"));
      }
    }
    return routes;
  }
}
