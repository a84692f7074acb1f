package bzh.estran.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bzh.estran.config.ConfigException;
import bzh.estran.testing.Api;
import bzh.estran.testing.TestApp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 7, item 2: a revoked bootstrap token never stops Estran with a stack trace. A configured
 * token that was revoked is not brought back (it was revoked for a reason): the start is refused
 * with a sentence naming the variable and saying what to do.
 */
class BootstrapTokenTest {

  private static long bootstrapTokens(TestApp app, String condition) {
    Long count =
        app.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select count(*) from api_tokens where name = 'bootstrap'" + condition)
                        .mapTo(Long.class)
                        .one());
    return count;
  }

  @Test
  void aRestartWithTheSameBootstrapTokenKeepsIt() {
    try (TestApp app = TestApp.start()) {
      app.restart();
      assertThat(app.admin().get("/api/v1/me").status()).isEqualTo(200);
      assertThat(bootstrapTokens(app, "")).isEqualTo(1);
    }
  }

  @Test
  void aRevokedBootstrapTokenIsRefusedAtStartWithASentence() {
    try (TestApp app = TestApp.start()) {
      Api admin = app.admin();
      String id = null;
      for (JsonNode token : admin.get("/api/v1/tokens").json()) {
        if (token.path("name").asString().equals("bootstrap")) {
          id = token.path("id").asString();
        }
      }
      assertThat(id).isNotNull();
      assertThat(admin.delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
      app.stop();

      assertThatThrownBy(app::startAgain)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("ESTRAN_BOOTSTRAP_TOKEN")
          .hasMessageContaining("revoked")
          .hasMessageContaining("new value")
          .hasMessageNotContaining(TestApp.ADMIN_TOKEN);
      assertThat(bootstrapTokens(app, " and revoked_at is null"))
          .as("the revoked token stays revoked")
          .isZero();
    }
  }
}
