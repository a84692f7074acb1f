package bzh.estran.access;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.dataset.demo.DemoDataset;
import bzh.estran.dataset.demo.DemoDatasets;
import bzh.estran.testing.Api;
import bzh.estran.testing.Eventually;
import bzh.estran.testing.TestApp;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The datasets the access matrix needs: a published demo dataset, throwaway runs and versions. */
final class MatrixDatasets {

  private MatrixDatasets() {}

  static DemoDataset demo(String name) {
    return new DemoDatasets(3)
        .all().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
  }

  static String datasetBody(String name) {
    return "{\"name\":\""
        + name
        + "\",\"title\":\"Set\",\"description\":\"A set\",\"licence\":\"ODbL\","
        + "\"provenance\":{\"producer\":\"Lorient\",\"source\":\"demo\","
        + "\"period\":{\"from\":\"2026-01-01\",\"to\":\"2026-01-31\"}}}";
  }

  static void grantSteward(TestApp app, String userId) {
    Api.Response granted = app.admin().put("/api/v1/users/" + userId + "/data-steward", "");
    assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
  }

  /** Creates and publishes {@code name} from its demo data; the common values of the rows. */
  static Map<String, String> publish(TestApp app, String name) {
    Api.Response created = app.admin().post("/api/v1/datasets", datasetBody(name));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    Map<String, String> values = new LinkedHashMap<>();
    DemoDataset demo = demo(name);
    values.put("policy", demo.policy());
    values.put("csv", csv(demo));
    values.put("version", freshVersion(app, name).get("version"));
    values.put("run", freshRun(app, name, false).get("run"));
    return values;
  }

  /** A new run of the dataset: waiting for its data, or succeeded. */
  static Map<String, String> freshRun(TestApp app, String name, boolean succeeded) {
    DemoDataset demo = demo(name);
    Api.Response run = app.admin().post("/api/v1/datasets/" + name + "/runs", demo.policy());
    assertThat(run.status()).as(run.toString()).isEqualTo(201);
    String id = run.text("id");
    if (succeeded) {
      Api.Response uploaded =
          app.admin().put("/api/v1/datasets/" + name + "/runs/" + id + "/data", csv(demo));
      assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(202);
      Api.Response ended =
          Eventually.await(
              "run " + id + " to end",
              Duration.ofMinutes(3),
              () -> app.admin().get("/api/v1/datasets/" + name + "/runs/" + id),
              response -> response.status() == 200 && response.text("state").endsWith("ED"));
      assertThat(ended.text("state")).as(ended.toString()).isEqualTo("SUCCEEDED");
    }
    return Map.of("run", id);
  }

  /** A new published version of the dataset. */
  static Map<String, String> freshVersion(TestApp app, String name) {
    String run = freshRun(app, name, true).get("run");
    Api.Response published =
        app.admin().post("/api/v1/datasets/" + name + "/runs/" + run + "/publish", "");
    assertThat(published.status()).as(published.toString()).isEqualTo(201);
    return Map.of("version", published.text("version"));
  }

  private static String csv(DemoDataset demo) {
    try (Reader reader = demo.raw().open()) {
      StringBuilder text = new StringBuilder();
      char[] buffer = new char[8192];
      int n;
      while ((n = reader.read(buffer)) >= 0) {
        text.append(buffer, 0, n);
      }
      return text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
