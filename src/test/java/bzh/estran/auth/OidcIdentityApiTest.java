package bzh.estran.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bzh.estran.auth.core.Principal;
import bzh.estran.auth.core.TokenSecrets;
import bzh.estran.config.EstranConfig;
import bzh.estran.errors.Unauthorized;
import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import bzh.estran.testing.TestIdentityProvider;
import com.nimbusds.jwt.JWTClaimsSet;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Sign-in identities with two real issuers signing real tokens: UBS's ({@code univ-ubs.fr}, keys at
 * a configured JWK set URL) and IMT Atlantique's ({@code imt-atlantique.fr}, keys found through its
 * discovery document, with a CLI client). Each issuer is bound to its domains; users are linked to
 * {@code (iss, sub)} and found by it; a platform admin re-links, audited.
 */
class OidcIdentityApiTest {

  private static final String AUDIENCE = "estran";
  private static final String CLI = "estran-cli";

  private static TestIdentityProvider ubs;
  private static TestIdentityProvider imt;
  private static String providers;
  private static TestApp app;
  private static Api admin;

  @BeforeAll
  static void start() {
    ubs = TestIdentityProvider.start("ubs");
    imt = TestIdentityProvider.start("imt");
    providers =
        TestIdentityProvider.providersSetting(
            ubs.providerSetting("univ-ubs.fr"),
            imt.discoveredProviderSetting(CLI, "imt-atlantique.fr"));
    app =
        TestApp.start(
            Map.of(
                "ESTRAN_OIDC_PROVIDERS",
                providers,
                "ESTRAN_OIDC_AUDIENCE",
                AUDIENCE,
                "ESTRAN_OIDC_DOMAINS",
                "univ-ubs.fr=ubs,imt-atlantique.fr=imt"));
    admin = app.admin();
    Fixtures fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    fixtures.institution("imt");
  }

  @AfterAll
  static void stop() {
    app.close();
    ubs.close();
    imt.close();
  }

  private static JWTClaimsSet.Builder claims(TestIdentityProvider idp, String email, String sub) {
    return idp.claims(email, AUDIENCE, app.clock().instant()).subject(sub);
  }

  private static Api.Response me(String token) {
    return admin.as(token).get("/api/v1/me");
  }

  private static long count(String sql, Object value) {
    return app.jdbi().withHandle(h -> h.createQuery(sql).bind("v", value).mapTo(Long.class).one());
  }

  private static long usersWithEmail(String email) {
    return count("select count(*) from users where lower(email) = lower(:v)", email);
  }

  private static void assertUnauthorized(Api.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(401);
    assertThat(response.errorCode()).isEqualTo("unauthorized");
  }

  // --- issuers bound to their domains

  @Test
  void aTokenFromOneIssuerForADomainOfTheOtherIsRefusedAndMakesNoUser() {
    Api.Response refused = me(imt.sign(claims(imt, "president@univ-ubs.fr", "imt-forger").build()));
    assertUnauthorized(refused);
    assertThat(refused.json().path("error").path("message").asString()).contains("vouch");
    assertThat(usersWithEmail("president@univ-ubs.fr")).isZero();
    assertThat(count("select count(*) from user_identities where subject = :v", "imt-forger"))
        .isZero();

    assertUnauthorized(me(ubs.sign(claims(ubs, "director@imt-atlantique.fr", "ubs-x").build())));
    assertThat(usersWithEmail("director@imt-atlantique.fr")).isZero();
  }

  @Test
  void anIssuerCannotTakeOverAnExistingUserOfAnotherDomain() {
    Api.Response added =
        admin.post(
            "/api/v1/institutions/ubs/members",
            "{\"email\":\"dean@univ-ubs.fr\",\"role\":\"institution-admin\"}");
    assertThat(added.status()).as(added.toString()).isEqualTo(201);

    assertUnauthorized(me(imt.sign(claims(imt, "dean@univ-ubs.fr", "imt-dean").build())));
    assertThat(count("select count(*) from user_identities where subject = :v", "imt-dean"))
        .isZero();

    Api.Response genuine = me(ubs.sign(claims(ubs, "dean@univ-ubs.fr", "ubs-dean").build()));
    assertThat(genuine.status()).as(genuine.toString()).isEqualTo(200);
    assertThat(genuine.text("id")).isEqualTo(added.json().path("user").path("id").asString());
  }

  @Test
  void eachIssuerSignsInItsOwnUsersIntoTheirInstitution() {
    Api.Response fromImt = me(imt.sign(claims(imt, "yann@imt-atlantique.fr", "imt-yann").build()));
    assertThat(fromImt.status()).as(fromImt.toString()).isEqualTo(200);
    assertThat(fromImt.json().path("memberships").get(0).path("institution").asString())
        .isEqualTo("imt");
    assertThat(imt.jwksFetches()).as("keys found through the discovery document").isPositive();
  }

  @Test
  void anUnverifiedEmailIsRefusedAndAMissingFlagIsAccepted() {
    Api.Response refused =
        me(
            ubs.sign(
                claims(ubs, "unverified@univ-ubs.fr", "ubs-unverified")
                    .claim("email_verified", false)
                    .build()));
    assertUnauthorized(refused);
    assertThat(refused.json().path("error").path("message").asString()).contains("verified");
    assertUnauthorized(
        me(
            ubs.sign(
                claims(ubs, "unverified@univ-ubs.fr", "ubs-unverified")
                    .claim("email_verified", "no")
                    .build())));
    assertThat(usersWithEmail("unverified@univ-ubs.fr")).isZero();

    Api.Response absent =
        me(
            ubs.sign(
                claims(ubs, "unverified@univ-ubs.fr", "ubs-unverified")
                    .claim("email_verified", null)
                    .build()));
    assertThat(absent.status()).as("left out: the issuer vouches for its domain").isEqualTo(200);
  }

  // --- (iss, sub)

  @Test
  void theFirstSignInLinksTheIdentityAndLaterOnesFindTheUserByIt() {
    Api.Response first = me(ubs.sign(claims(ubs, "maela@univ-ubs.fr", "ubs-maela").build()));
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(count("select count(*) from user_identities where subject = :v", "ubs-maela"))
        .isEqualTo(1);

    Api.Response again = me(ubs.sign(claims(ubs, "maela@univ-ubs.fr", "ubs-maela").build()));
    assertThat(again.text("id")).isEqualTo(first.text("id"));
    JsonNode identities = admin.get("/api/v1/users/" + first.text("id") + "/identities").json();
    assertThat(identities).hasSize(1);
    assertThat(identities.get(0).path("issuer").asString()).isEqualTo(ubs.issuer());
    assertThat(identities.get(0).path("subject").asString()).isEqualTo("ubs-maela");
    assertThat(identities.get(0).path("email").asString()).isEqualTo("maela@univ-ubs.fr");
  }

  @Test
  void aSecondSubjectWithTheSameEmailIsRefusedNotMerged() {
    Api.Response first = me(ubs.sign(claims(ubs, "recycled@univ-ubs.fr", "ubs-old").build()));
    assertThat(first.status()).as(first.toString()).isEqualTo(200);

    Api.Response second = me(ubs.sign(claims(ubs, "recycled@univ-ubs.fr", "ubs-new").build()));
    assertUnauthorized(second);
    assertThat(second.json().path("error").path("message").asString()).contains("re-link");
    assertThat(usersWithEmail("recycled@univ-ubs.fr")).isEqualTo(1);
    assertThat(count("select count(*) from user_identities where subject = :v", "ubs-new"))
        .isZero();

    assertThat(me(ubs.sign(claims(ubs, "recycled@univ-ubs.fr", "ubs-old").build())).text("id"))
        .as("the first identity still signs in")
        .isEqualTo(first.text("id"));
  }

  @Test
  void anEmailChangedAtTheProviderUpdatesTheSameUser() {
    Api.Response before = me(ubs.sign(claims(ubs, "anne.martin@univ-ubs.fr", "ubs-anne").build()));
    assertThat(before.status()).as(before.toString()).isEqualTo(200);

    Api.Response after = me(ubs.sign(claims(ubs, "anne.kerjean@univ-ubs.fr", "ubs-anne").build()));
    assertThat(after.status()).as(after.toString()).isEqualTo(200);
    assertThat(after.text("id")).isEqualTo(before.text("id"));
    assertThat(after.text("email")).isEqualTo("anne.kerjean@univ-ubs.fr");
    assertThat(usersWithEmail("anne.martin@univ-ubs.fr")).isZero();
    assertThat(usersWithEmail("anne.kerjean@univ-ubs.fr")).isEqualTo(1);
  }

  @Test
  void anEmailChangedToAnotherUsersAddressIsRefused() {
    Api.Response taken = me(ubs.sign(claims(ubs, "taken@univ-ubs.fr", "ubs-taken").build()));
    Api.Response mover = me(ubs.sign(claims(ubs, "mover@univ-ubs.fr", "ubs-mover").build()));
    assertThat(taken.status()).isEqualTo(200);
    assertThat(mover.status()).isEqualTo(200);

    assertUnauthorized(me(ubs.sign(claims(ubs, "taken@univ-ubs.fr", "ubs-mover").build())));
    assertThat(me(ubs.sign(claims(ubs, "taken@univ-ubs.fr", "ubs-taken").build())).text("id"))
        .isEqualTo(taken.text("id"));
    assertThat(admin.get("/api/v1/users/" + mover.text("id") + "/identities").body())
        .contains("mover@univ-ubs.fr");
  }

  // --- re-linking by a platform admin

  @Test
  void aPlatformAdminReLinksAUserToANewSubjectAndItIsAudited() {
    Api.Response first = me(ubs.sign(claims(ubs, "moved@univ-ubs.fr", "ubs-moved-1").build()));
    String userId = first.text("id");
    assertUnauthorized(me(ubs.sign(claims(ubs, "moved@univ-ubs.fr", "ubs-moved-2").build())));

    Api.Response relinked =
        admin.put(
            "/api/v1/users/" + userId + "/identities",
            "{\"issuer\":\"" + ubs.issuer() + "\",\"subject\":\"ubs-moved-2\"}");
    assertThat(relinked.status()).as(relinked.toString()).isEqualTo(200);
    assertThat(relinked.json()).hasSize(1);
    assertThat(relinked.json().get(0).path("subject").asString()).isEqualTo("ubs-moved-2");

    assertThat(me(ubs.sign(claims(ubs, "moved@univ-ubs.fr", "ubs-moved-2").build())).text("id"))
        .isEqualTo(userId);
    assertUnauthorized(me(ubs.sign(claims(ubs, "moved@univ-ubs.fr", "ubs-moved-1").build())));

    JsonNode entries =
        admin.get("/api/v1/audit?action=PUT%20/api/v1/users/%7Bid%7D/identities").json();
    List<String> targets = new ArrayList<>();
    entries.path("entries").forEach(e -> targets.add(e.path("target").toString()));
    assertThat(targets).anyMatch(target -> target.contains(userId));
  }

  @Test
  void anUnlinkedUserIsLinkedAgainByTheirNextSignIn() {
    Api.Response first = me(ubs.sign(claims(ubs, "reset@univ-ubs.fr", "ubs-reset-1").build()));
    String userId = first.text("id");
    assertThat(admin.delete("/api/v1/users/" + userId + "/identities").status()).isEqualTo(204);
    assertThat(admin.get("/api/v1/users/" + userId + "/identities").json()).isEmpty();

    Api.Response next = me(ubs.sign(claims(ubs, "reset@univ-ubs.fr", "ubs-reset-2").build()));
    assertThat(next.status()).as(next.toString()).isEqualTo(200);
    assertThat(next.text("id")).isEqualTo(userId);
  }

  @Test
  void reLinkingIsRefusedForUnknownIssuersBadBodiesAndAnotherUsersIdentity() {
    String owner = me(ubs.sign(claims(ubs, "owner@univ-ubs.fr", "ubs-owner").build())).text("id");
    String other = me(ubs.sign(claims(ubs, "other@univ-ubs.fr", "ubs-other").build())).text("id");
    String path = "/api/v1/users/" + other + "/identities";

    Api.Response conflict =
        admin.put(path, "{\"issuer\":\"" + ubs.issuer() + "\",\"subject\":\"ubs-owner\"}");
    assertThat(conflict.status()).as(conflict.toString()).isEqualTo(409);
    assertThat(conflict.body()).contains(owner);

    Api.Response unknown =
        admin.put(path, "{\"issuer\":\"https://elsewhere.example\",\"subject\":\"x\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().path("error").path("details").path("fields").has("issuer")).isTrue();
    Api.Response noSubject = admin.put(path, "{\"issuer\":\"" + ubs.issuer() + "\"}");
    assertThat(noSubject.json().path("error").path("details").path("fields").has("subject"))
        .isTrue();
    assertThat(
            admin
                .put(
                    "/api/v1/users/00000000-0000-0000-0000-000000000000/identities",
                    "{\"issuer\":\"" + ubs.issuer() + "\",\"subject\":\"x\"}")
                .status())
        .isEqualTo(404);

    Api.Response member = me(ubs.sign(claims(ubs, "nosy@univ-ubs.fr", "ubs-nosy").build()));
    String memberToken = ubs.sign(claims(ubs, "nosy@univ-ubs.fr", "ubs-nosy").build());
    assertThat(member.status()).isEqualTo(200);
    assertThat(admin.as(memberToken).put(path, "{}").status()).isEqualTo(403);
    assertThat(admin.as(memberToken).get(path).status()).isEqualTo(403);
    assertThat(admin.as(memberToken).delete(path).status()).isEqualTo(403);
  }

  // --- providers and audiences

  @Test
  void theProvidersWithACliClientArePublic() {
    Api.Response listed = admin.as(null).get("/api/v1/auth/providers");
    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    assertThat(listed.json()).hasSize(1);
    assertThat(listed.json().get(0).path("issuer").asString()).isEqualTo(imt.issuer());
    assertThat(listed.json().get(0).path("cliClientId").asString()).isEqualTo(CLI);
    assertThat(listed.json().get(0).path("name").asString()).isEqualTo("Test " + imt.issuer());
    assertThat(listed.body()).doesNotContain("clientSecret").doesNotContain(ubs.issuer());
  }

  @Test
  void aTokenForTheCliClientIsAcceptedFromItsIssuerOnly() {
    Api.Response cli =
        me(imt.sign(claims(imt, "cli@imt-atlantique.fr", "imt-cli").audience(CLI).build()));
    assertThat(cli.status()).as(cli.toString()).isEqualTo(200);
    assertUnauthorized(
        me(ubs.sign(claims(ubs, "cli@univ-ubs.fr", "ubs-cli").audience(CLI).build())));
  }

  // --- the web pages' ID tokens

  @Test
  void anIdTokenIsCheckedForAudienceNonceAndTheSameRules() {
    EstranConfig config = EstranConfig.from(Map.of("ESTRAN_OIDC_PROVIDERS", providers));
    AuthService auth =
        new AuthService(
            app.jdbi().installPlugin(new SqlObjectPlugin()),
            new TokenSecrets(new SecureRandom()),
            app.clock(),
            new OidcVerifier(config.oidcProviders(), AUDIENCE, app.clock()),
            Map.of("univ-ubs.fr", "ubs"));
    JWTClaimsSet.Builder idToken =
        claims(ubs, "web@univ-ubs.fr", "ubs-web").audience("estran-web").claim("nonce", "n-123");

    Principal signedIn = auth.signInWithIdToken(ubs.sign(idToken.build()), "estran-web", "n-123");
    assertThat(signedIn.user().email()).isEqualTo("web@univ-ubs.fr");
    assertThat(signedIn.memberships()).hasSize(1);

    String token = ubs.sign(idToken.build());
    assertThatThrownBy(() -> auth.signInWithIdToken(token, "estran-web", "n-456"))
        .isInstanceOf(Unauthorized.class);
    assertThatThrownBy(() -> auth.signInWithIdToken(token, "other-client", "n-123"))
        .isInstanceOf(Unauthorized.class);
    assertThatThrownBy(() -> auth.signInWithIdToken(token, "estran-web", null))
        .isInstanceOf(Unauthorized.class);
    String noNonce = ubs.sign(idToken.claim("nonce", null).build());
    assertThatThrownBy(() -> auth.signInWithIdToken(noNonce, "estran-web", "n-123"))
        .isInstanceOf(Unauthorized.class);
    String foreign =
        imt.sign(
            claims(imt, "web@univ-ubs.fr", "imt-web")
                .audience("estran-web")
                .claim("nonce", "n-1")
                .build());
    assertThatThrownBy(() -> auth.signInWithIdToken(foreign, "estran-web", "n-1"))
        .isInstanceOf(Unauthorized.class)
        .hasMessageContaining("vouch");
    assertThat(
            auth.signInWithIdToken(
                    ubs.sign(idToken.claim("nonce", "n-9").build()), "estran-web", "n-9")
                .id())
        .isEqualTo(signedIn.id());
  }
}
