package bzh.estran.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** Sets up institutions and callers through the API itself, as an admin would. */
public final class Fixtures {

  private final TestApp app;

  public Fixtures(TestApp app) {
    this.app = app;
  }

  /** An institution with a roomy quota, so that tests about other things never meet it. */
  public void institution(String slug) {
    Api.Response response =
        app.admin()
            .post(
                "/api/v1/institutions",
                "{\"slug\":\""
                    + slug
                    + "\",\"name\":\"Institution "
                    + slug
                    + "\",\"kind\":\"university\"}");
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    quota(slug, 10_000, 100_000, 100_000, 100_000, 10_000, 10_000_000);
  }

  /** Sets the institution's quota as a platform admin. */
  public void quota(
      String slug,
      int maxSandboxes,
      int cpu,
      int memoryGiB,
      int storageGiB,
      int perUser,
      int coreHours) {
    Api.Response response =
        app.admin()
            .put(
                "/api/v1/institutions/" + slug + "/quota",
                "{\"maxSandboxes\":"
                    + maxSandboxes
                    + ",\"cpu\":"
                    + cpu
                    + ",\"memoryGiB\":"
                    + memoryGiB
                    + ",\"storageGiB\":"
                    + storageGiB
                    + ",\"sandboxesPerUser\":"
                    + perUser
                    + ",\"coreHoursPerMonth\":"
                    + coreHours
                    + "}");
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
  }

  /** A user with {@code role} in the institution, and an API token of theirs. */
  public Api member(String slug, String email, String role) {
    Api.Response added =
        app.admin()
            .post(
                "/api/v1/institutions/" + slug + "/members",
                "{\"email\":\"" + email + "\",\"role\":\"" + role + "\"}");
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    String userId = added.json().path("user").path("id").asString();
    Api.Response token =
        app.admin().post("/api/v1/users/" + userId + "/tokens", "{\"name\":\"test\"}");
    assertThat(token.status()).as(token.toString()).isEqualTo(201);
    return app.admin().as(token.text("token"));
  }

  /** Creates a sandbox and returns its id. */
  public String sandbox(Api caller, String body) {
    Api.Response created = caller.post("/api/v1/sandboxes", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    return created.text("id");
  }

  /** Waits until the sandbox reaches {@code state}; returns its details. */
  public Api.Response awaitState(Api caller, String id, String state) {
    return Eventually.await(
        "sandbox " + id + " to be " + state,
        Duration.ofSeconds(20),
        () -> caller.get("/api/v1/sandboxes/" + id),
        response -> response.status() == 200 && response.text("state").equals(state));
  }
}
