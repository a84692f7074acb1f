package bzh.estran.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI description served at {@code /api/v1/openapi.json} is well formed, self-contained,
 * and documents exactly the routes the application registers: adding a route without documenting it
 * (or documenting one that does not exist) fails here.
 */
class OpenApiDocumentTest {

  private static final Path ROUTES_DIR = Path.of("src", "main", "java", "bzh", "estran", "http");

  /** {@code routes.get("/path"}, possibly with the literal on the next line. */
  private static final Pattern ROUTE =
      Pattern.compile(
          "\\broutes\\s*\\.\\s*(get|post|put|patch|delete|head)\\s*\\(\\s*\"([^\"]+)\"");

  /** Javalin path parameters, {@code {id}} or {@code <id>}. */
  private static final Pattern JAVALIN_PARAM = Pattern.compile("[{<]([^}>]+)[}>]");

  private static final Pattern DOC_PARAM = Pattern.compile("\\{([^}]+)}");

  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** Served without authentication (see HttpServer and OpsRoutes). */
  private static final Set<String> PUBLIC_PATHS =
      Set.of("/healthz", "/readyz", "/api/v1/openapi.json", "/api/v1/auth/providers");

  private static JsonNode doc;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.json")) {
      assertThat(in).as("openapi.json on the class path").isNotNull();
      doc = JsonMapper.builder().build().readTree(in);
    }
  }

  @Test
  void isAnOpenApi303DocumentWithInfoPathsAndComponents() {
    assertThat(doc.isObject()).isTrue();
    assertThat(doc.path("openapi").asString()).matches("3\\.0\\.\\d+");
    assertThat(doc.path("info").path("title").asString()).isNotBlank();
    assertThat(doc.path("info").path("version").asString()).isNotBlank();
    assertThat(doc.path("paths").isObject()).isTrue();
    assertThat(doc.path("paths").size()).isPositive();
    assertThat(doc.path("components").path("schemas").isObject()).isTrue();
    assertThat(propertyNames(doc.path("components").path("schemas")))
        .contains(
            "Sandbox",
            "SandboxDetails",
            "SandboxEvent",
            "Size",
            "Template",
            "Institution",
            "User",
            "Token",
            "IssuedToken",
            "Membership",
            "Me",
            "Error");
    assertThat(
            propertyNames(doc.path("components").path("schemas").path("Error").path("properties")))
        .contains("code", "message", "details");
  }

  @Test
  void everyRefResolvesInsideTheDocument() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).as("the document uses $ref").isNotEmpty();
    List<String> unresolved =
        refs.stream().filter(ref -> !ref.startsWith("#/") || resolve(ref).isMissingNode()).toList();
    assertThat(unresolved).as("$refs that resolve to nothing in the document").isEmpty();
  }

  @Test
  void documentsExactlyTheRegisteredRoutes() throws IOException {
    Set<String> registered = registeredRoutes();
    assertThat(registered)
        .as("routes found in *Routes.java (the scan itself must work)")
        .contains("GET /healthz", "POST /api/v1/sandboxes", "DELETE /api/v1/sandboxes/{id}")
        .hasSizeGreaterThan(20);
    assertThat(documentedOperations().keySet()).isEqualTo(registered);
  }

  @Test
  void everyOperationHasAnIdAndResponsesAndDeclaresItsPathParameters() {
    Set<String> operationIds = new TreeSet<>();
    documentedOperations()
        .forEach(
            (route, op) -> {
              JsonNode operation = op.operation();
              String id = operation.path("operationId").asString();
              assertThat(id).as("operationId of %s", route).isNotBlank();
              assertThat(operationIds.add(id)).as("operationId %s is unique", id).isTrue();
              assertThat(operation.path("responses").size())
                  .as("responses of %s", route)
                  .isPositive();

              Set<String> declared = new TreeSet<>();
              Stream.of(op.pathItem().path("parameters"), operation.path("parameters"))
                  .flatMap(list -> list.valueStream())
                  .map(p -> p.has("$ref") ? resolve(p.path("$ref").asString()) : p)
                  .filter(p -> p.path("in").asString().equals("path"))
                  .forEach(
                      p -> {
                        assertThat(p.path("required").asBoolean())
                            .as("path parameter of %s is required", route)
                            .isTrue();
                        declared.add(p.path("name").asString());
                      });
              Set<String> inPath = new TreeSet<>();
              Matcher m = DOC_PARAM.matcher(op.path());
              while (m.find()) {
                inPath.add(m.group(1));
              }
              assertThat(declared).as("path parameters declared for %s", route).isEqualTo(inPath);
            });
  }

  @Test
  void bearerIsRequiredEverywhereButTheOpsEndpoints() {
    assertThat(
            doc.path("components")
                .path("securitySchemes")
                .path("bearerAuth")
                .path("scheme")
                .asString())
        .isEqualTo("bearer");
    assertThat(doc.path("security").size()).isEqualTo(1);
    assertThat(doc.path("security").get(0).has("bearerAuth")).isTrue();
    documentedOperations()
        .forEach(
            (route, op) -> {
              JsonNode security = op.operation().path("security");
              if (PUBLIC_PATHS.contains(op.path())) {
                assertThat(security.isArray() && security.isEmpty())
                    .as("%s is public: security []", route)
                    .isTrue();
              } else {
                assertThat(security.isMissingNode())
                    .as("%s keeps the global bearer security", route)
                    .isTrue();
                assertThat(op.operation().path("responses").has("401"))
                    .as("%s documents 401", route)
                    .isTrue();
              }
            });
  }

  @Test
  void errorResponsesUseTheErrorEnvelope() {
    JsonNode responses = doc.path("components").path("responses");
    assertThat(responses.size()).isPositive();
    for (String name : propertyNames(responses)) {
      assertThat(
              responses
                  .path(name)
                  .path("content")
                  .path("application/json")
                  .path("schema")
                  .path("$ref")
                  .asString())
          .as("shared response %s", name)
          .isEqualTo("#/components/schemas/ErrorResponse");
    }
    assertThat(doc.at("/components/schemas/ErrorResponse/properties/error/$ref").asString())
        .isEqualTo("#/components/schemas/Error");
    documentedOperations()
        .forEach(
            (route, op) ->
                op.operation()
                    .path("responses")
                    .properties()
                    .forEach(
                        entry -> {
                          if (entry.getKey().startsWith("4") || entry.getKey().startsWith("5")) {
                            JsonNode response =
                                entry.getValue().has("$ref")
                                    ? resolve(entry.getValue().path("$ref").asString())
                                    : entry.getValue();
                            assertThat(
                                    response
                                        .at("/content/application~1json/schema/$ref")
                                        .asString())
                                .as("%s %s body", route, entry.getKey())
                                .isEqualTo("#/components/schemas/ErrorResponse");
                          }
                        }));
  }

  @Test
  void quotaExceededDetailsAndSandboxListingParametersFollowTheContract() {
    JsonNode quota = doc.at("/components/schemas/QuotaExceededDetails/properties");
    assertThat(propertyNames(quota))
        .containsExactlyInAnyOrder("limit", "scope", "requested", "remaining");

    Map<String, JsonNode> params = new TreeMap<>();
    doc.at("/paths/~1api~1v1~1sandboxes/get/parameters")
        .valueStream()
        .forEach(p -> params.put(p.path("name").asString(), p));
    assertThat(params.keySet())
        .contains("state", "institution", "cohort", "owner", "limit", "offset");
    JsonNode limit = params.get("limit").path("schema");
    assertThat(limit.path("minimum").asInt()).isEqualTo(1);
    assertThat(limit.path("maximum").asInt()).isEqualTo(500);
    assertThat(limit.path("default").asInt()).isEqualTo(100);
    assertThat(
            doc.at("/paths/~1api~1v1~1sandboxes~1{id}~1kubeconfig/get/responses/200/content")
                .has("application/yaml"))
        .isTrue();
  }

  /** "METHOD /path" for every route literal in src/main/java/bzh/estran/http/*Routes.java. */
  private static Set<String> registeredRoutes() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(ROUTES_DIR)) {
      files =
          listing.filter(f -> f.getFileName().toString().endsWith("Routes.java")).sorted().toList();
    }
    assertThat(files).as("*Routes.java files under %s", ROUTES_DIR.toAbsolutePath()).isNotEmpty();
    Set<String> routes = new TreeSet<>();
    for (Path file : files) {
      Matcher m = ROUTE.matcher(Files.readString(file));
      while (m.find()) {
        String path = JAVALIN_PARAM.matcher(m.group(2)).replaceAll("{$1}");
        routes.add(m.group(1).toUpperCase(Locale.ROOT) + " " + path);
      }
    }
    return routes;
  }

  private record Operation(String path, JsonNode pathItem, JsonNode operation) {}

  /** "METHOD /path" to the operation, for every operation in the document. */
  private static Map<String, Operation> documentedOperations() {
    Map<String, Operation> operations = new TreeMap<>();
    doc.path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        entry -> {
                          if (HTTP_METHODS.contains(entry.getKey())) {
                            operations.put(
                                entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                                new Operation(path.getKey(), path.getValue(), entry.getValue()));
                          }
                        }));
    return operations;
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              entry -> {
                if (entry.getKey().equals("$ref")) {
                  refs.add(entry.getValue().asString());
                } else {
                  collectRefs(entry.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.valueStream().forEach(child -> collectRefs(child, refs));
    }
  }

  /** The node a local {@code #/...} reference points at (a missing node when none). */
  private static JsonNode resolve(String ref) {
    return doc.at(ref.substring(1));
  }

  private static Set<String> propertyNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.propertyNames().forEach(names::add);
    return names;
  }
}
