package bzh.estran.auth;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.testing.Api;
import bzh.estran.testing.Fixtures;
import bzh.estran.testing.TestApp;
import bzh.estran.testing.TestIdentityProvider;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Signing in with an OIDC identity provider's JWTs, over HTTP, against providers the test serves
 * itself: users made on first sight, institutions by e-mail domain, every kind of bad token refused
 * with 401, key rotation without a restart, and API tokens working alongside.
 */
class OidcSignInApiTest {

  private static final String AUDIENCE = "estran";

  private static TestIdentityProvider idp;
  private static TestIdentityProvider rotating;
  private static TestIdentityProvider strict;
  private static TestIdentityProvider unconfigured;
  private static TestIdentityProvider down;
  private static TestApp app;
  private static Api admin;

  @BeforeAll
  static void start() {
    idp = TestIdentityProvider.start("ubs");
    rotating = TestIdentityProvider.start("rotating");
    strict = TestIdentityProvider.start("strict");
    unconfigured = TestIdentityProvider.start("elsewhere");
    down = TestIdentityProvider.start("down");
    down.close(); // its JWK set URL now refuses connections
    app =
        TestApp.start(
            Map.of(
                "ESTRAN_OIDC_PROVIDERS",
                TestIdentityProvider.providersSetting(
                    idp.providerSetting(
                        "univ-ubs.fr", "imt-atlantique.fr", "ensta.fr", "gmail.com"),
                    rotating.providerSetting("univ-ubs.fr"),
                    strict.providerSetting("univ-ubs.fr"),
                    down.providerSetting("univ-ubs.fr")),
                "ESTRAN_OIDC_AUDIENCE",
                AUDIENCE,
                "ESTRAN_OIDC_DOMAINS",
                "univ-ubs.fr=ubs,imt-atlantique.fr=imt-atlantique,ensta.fr=ensta"));
    admin = app.admin();
    Fixtures fixtures = new Fixtures(app);
    fixtures.institution("ubs");
    fixtures.institution("imt-atlantique");
  }

  @AfterAll
  static void stop() {
    app.close();
    for (TestIdentityProvider provider : List.of(idp, rotating, strict, unconfigured)) {
      provider.close();
    }
  }

  private static Instant now() {
    return app.clock().instant();
  }

  private static JWTClaimsSet.Builder claims(TestIdentityProvider provider, String email) {
    return provider.claims(email, AUDIENCE, now());
  }

  private static Api.Response me(String bearer) {
    return admin.as(bearer).get("/api/v1/me");
  }

  private static List<String> memberships(Api.Response me) {
    List<String> found = new ArrayList<>();
    for (JsonNode membership : me.json().path("memberships")) {
      found.add(
          membership.path("institution").asString() + ":" + membership.path("role").asString());
    }
    return found;
  }

  private static long usersWithEmail(String email) {
    return app.jdbi()
        .withHandle(
            handle ->
                handle
                    .createQuery("select count(*) from users where lower(email) = lower(:email)")
                    .bind("email", email)
                    .mapTo(Long.class)
                    .one());
  }

  /** A 401 with the contract's error code, whose body does not repeat the token. */
  private static Api.Response assertRefused(String token) {
    Api.Response response = me(token);
    assertThat(response.status()).as(response.toString()).isEqualTo(401);
    assertThat(response.errorCode()).isEqualTo("unauthorized");
    assertThat(response.json().path("error").path("message").asString()).isNotBlank();
    assertThat(response.body()).doesNotContain(token);
    for (String part : token.split("\\.")) {
      if (!part.isEmpty()) {
        assertThat(response.body()).doesNotContain(part);
      }
    }
    return response;
  }

  // --- users and institutions

  @Test
  void theFirstSignInMakesTheUserAMemberOfTheInstitutionOfTheirDomain() {
    assertThat(usersWithEmail("anne.kerjean@univ-ubs.fr")).isZero();
    String token =
        idp.sign(claims(idp, "anne.kerjean@univ-ubs.fr").claim("name", "Anne Kerjean").build());

    Api.Response me = me(token);
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    assertThat(me.text("email")).isEqualTo("anne.kerjean@univ-ubs.fr");
    assertThat(me.text("name")).isEqualTo("Anne Kerjean");
    assertThat(me.json().path("platformAdmin").asBoolean()).isFalse();
    assertThat(memberships(me)).containsExactly("ubs:member");
    assertThat(usersWithEmail("anne.kerjean@univ-ubs.fr")).isEqualTo(1);

    Api.Response again =
        me(idp.sign(claims(idp, "anne.kerjean@univ-ubs.fr").claim("name", "Anne K.").build()));
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.text("id")).isEqualTo(me.text("id"));
    assertThat(again.text("name"))
        .as("the user made at first sign-in is kept")
        .isEqualTo("Anne Kerjean");
    assertThat(memberships(again)).containsExactly("ubs:member");
    assertThat(usersWithEmail("anne.kerjean@univ-ubs.fr")).isEqualTo(1);

    Api.Response visible = admin.as(token).get("/api/v1/institutions/ubs");
    assertThat(visible.status())
        .as("the new member sees their institution: " + visible)
        .isEqualTo(200);
    assertThat(admin.as(token).get("/api/v1/institutions/imt-atlantique").status()).isEqualTo(404);
  }

  @Test
  void eachMappedDomainLeadsToItsInstitution() {
    Api.Response me = me(idp.sign(claims(idp, "yann.morvan@imt-atlantique.fr").build()));
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    assertThat(memberships(me)).containsExactly("imt-atlantique:member");
    assertThat(me.text("name"))
        .as("no name claim: the address's local part")
        .isEqualTo("yann.morvan");
  }

  @Test
  void aSubDomainOfAMappedDomainMapsToo() {
    Api.Response me = me(idp.sign(claims(idp, "erwan@etud.univ-ubs.fr").build()));
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    assertThat(me.text("email")).isEqualTo("erwan@etud.univ-ubs.fr");
    assertThat(memberships(me)).containsExactly("ubs:member");
  }

  @Test
  void aDomainTheIssuerVouchesForButMapsToNoInstitutionSignsInWithoutMembership() {
    Api.Response me = me(idp.sign(claims(idp, "gwen@gmail.com").build()));
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    assertThat(me.text("email")).isEqualTo("gwen@gmail.com");
    assertThat(me.json().path("memberships").isArray()).isTrue();
    assertThat(memberships(me)).isEmpty();
  }

  @Test
  void aLookAlikeDomainIsNotOneTheIssuerVouchesFor() {
    for (String email : List.of("mallory@evil-univ-ubs.fr", "paul@univ-ubs.fr.example.org")) {
      assertRefused(idp.sign(claims(idp, email).build()));
      assertThat(usersWithEmail(email)).as(email).isZero();
    }
  }

  @Test
  void aDomainMappedToAnInstitutionThatDoesNotExistGivesNoMembership() {
    Api.Response me = me(idp.sign(claims(idp, "loic@ensta.fr").build()));
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    assertThat(memberships(me)).isEmpty();
  }

  @Test
  void anExistingUserIsFoundByEmailWhateverItsCaseAndKeepsItsRole() {
    Api.Response added =
        admin.post(
            "/api/v1/institutions/ubs/members",
            "{\"email\":\"carole.le-bihan@univ-ubs.fr\",\"role\":\"institution-admin\"}");
    assertThat(added.status()).as(added.toString()).isEqualTo(201);
    String userId = added.json().path("user").path("id").asString();

    Api.Response me = me(idp.sign(claims(idp, "Carole.Le-Bihan@Univ-UBS.fr").build()));
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    assertThat(me.text("id")).isEqualTo(userId);
    assertThat(memberships(me))
        .as("never lowered to member")
        .containsExactly("ubs:institution-admin");
    assertThat(usersWithEmail("carole.le-bihan@univ-ubs.fr")).isEqualTo(1);
  }

  @Test
  void aUserAddedElsewhereAlsoJoinsTheInstitutionOfTheirDomain() {
    Api.Response added =
        admin.post(
            "/api/v1/institutions/imt-atlantique/members",
            "{\"email\":\"soizic@univ-ubs.fr\",\"role\":\"cohort-manager\"}");
    assertThat(added.status()).as(added.toString()).isEqualTo(201);

    Api.Response me = me(idp.sign(claims(idp, "soizic@univ-ubs.fr").build()));
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    assertThat(memberships(me))
        .containsExactlyInAnyOrder("imt-atlantique:cohort-manager", "ubs:member");
  }

  @Test
  void simultaneousFirstSignInsMakeOneUser() throws Exception {
    String token = idp.sign(claims(idp, "rush@univ-ubs.fr").build());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<Api.Response>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        calls.add(() -> me(token));
      }
      List<String> ids = new ArrayList<>();
      for (Future<Api.Response> result : pool.invokeAll(calls)) {
        Api.Response response = result.get();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(memberships(response)).containsExactly("ubs:member");
        ids.add(response.text("id"));
      }
      assertThat(ids).hasSize(6).containsOnly(ids.get(0));
    } finally {
      pool.shutdownNow();
    }
    assertThat(usersWithEmail("rush@univ-ubs.fr")).isEqualTo(1);
  }

  @Test
  void aDeactivatedUserCannotSignIn() {
    String email = "gone@univ-ubs.fr";
    assertThat(me(idp.sign(claims(idp, email).build())).status()).isEqualTo(200);
    int updated =
        app.jdbi()
            .withHandle(
                handle ->
                    handle
                        .createUpdate("update users set active = false where email = :email")
                        .bind("email", email)
                        .execute());
    assertThat(updated).isEqualTo(1);

    Api.Response refused = assertRefused(idp.sign(claims(idp, email).build()));
    assertThat(refused.json().path("error").path("message").asString()).contains("deactivated");
    assertThat(usersWithEmail(email)).isEqualTo(1);
  }

  @Test
  void theBootstrapAdminCannotBeClaimedByAnIdentityProvider() {
    Api.Response refused = assertRefused(idp.sign(claims(idp, "admin@estran.local").build()));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(admin.get("/api/v1/me").json().path("platformAdmin").asBoolean()).isTrue();
  }

  // --- API tokens alongside

  @Test
  void apiTokensKeepWorkingAlongside() {
    Api member = new Fixtures(app).member("ubs", "token.user@univ-ubs.fr", "member");
    assertThat(member.get("/api/v1/me").status()).isEqualTo(200);
    assertThat(admin.get("/api/v1/me").text("email")).isEqualTo("admin@estran.local");
    assertThat(me("estran_not-a-real-token").status()).isEqualTo(401);

    String jwt = idp.sign(claims(idp, "cli.user@univ-ubs.fr").build());
    Api.Response issued = admin.as(jwt).post("/api/v1/tokens", "{\"name\":\"cli\"}");
    assertThat(issued.status())
        .as("a signed-in user issues themselves an API token: " + issued)
        .isEqualTo(201);
    Api.Response viaApiToken = me(issued.text("token"));
    assertThat(viaApiToken.status()).isEqualTo(200);
    assertThat(viaApiToken.text("email")).isEqualTo("cli.user@univ-ubs.fr");
    assertThat(viaApiToken.text("id")).isEqualTo(me(jwt).text("id"));
  }

  // --- refused tokens

  @Test
  void anExpiredTokenIsRefused() {
    String token =
        idp.sign(
            claims(idp, "late@univ-ubs.fr")
                .issueTime(Date.from(now().minus(Duration.ofHours(1))))
                .expirationTime(Date.from(now().minus(Duration.ofMinutes(5))))
                .build());
    Api.Response refused = assertRefused(token);
    assertThat(refused.json().path("error").path("message").asString())
        .containsIgnoringCase("expired");
    assertThat(usersWithEmail("late@univ-ubs.fr"))
        .as("nobody is made from a refused token")
        .isZero();
  }

  @Test
  void expiryAllowsAMinuteOfClockSkewAndNoMore() {
    String justExpired =
        idp.sign(
            claims(idp, "skew@univ-ubs.fr")
                .expirationTime(Date.from(now().minus(Duration.ofSeconds(20))))
                .build());
    assertThat(me(justExpired).status()).isEqualTo(200);
    String expiredLongerAgo =
        idp.sign(
            claims(idp, "skew@univ-ubs.fr")
                .expirationTime(Date.from(now().minus(Duration.ofSeconds(90))))
                .build());
    assertRefused(expiredLongerAgo);
  }

  @Test
  void expiryFollowsEstransClock() {
    String token =
        idp.sign(
            claims(idp, "clocked@univ-ubs.fr")
                .expirationTime(Date.from(now().plus(Duration.ofMinutes(10))))
                .build());
    assertThat(me(token).status()).isEqualTo(200);
    app.clock().advance(Duration.ofMinutes(12));
    assertRefused(token);
  }

  @Test
  void aTokenNotYetValidIsRefused() {
    assertRefused(
        idp.sign(
            claims(idp, "early@univ-ubs.fr")
                .notBeforeTime(Date.from(now().plus(Duration.ofMinutes(5))))
                .build()));
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    assertRefused(idp.sign(claims(idp, "aud@univ-ubs.fr").audience("moodle").build()));
    assertRefused(idp.sign(claims(idp, "aud@univ-ubs.fr").audience(List.of()).build()));
    assertThat(
            me(idp.sign(
                    claims(idp, "aud@univ-ubs.fr").audience(List.of("moodle", AUDIENCE)).build()))
                .status())
        .as("an audience list that contains Estran's")
        .isEqualTo(200);
  }

  @Test
  void aTokenSignedByAKeyTheIssuerDoesNotPublishIsRefused() {
    JWTClaimsSet claims = claims(strict, "forger@univ-ubs.fr").build();
    assertThat(me(strict.sign(claims)).status()).as("the genuine token").isEqualTo(200);

    RSAKey foreignWithTheSameKid =
        new RSAKey.Builder(TestIdentityProvider.newKey())
            .keyID(strict.currentKey().getKeyID())
            .build();
    assertRefused(TestIdentityProvider.sign(claims, foreignWithTheSameKid));
    assertRefused(TestIdentityProvider.sign(claims, TestIdentityProvider.newKey()));
  }

  @Test
  void aTamperedPayloadIsRefused() {
    String genuine = idp.sign(claims(idp, "honest@gmail.com").build());
    String[] parts = genuine.split("\\.");
    String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8);
    String forged = payload.replace("honest@gmail.com", "boss@univ-ubs.fr");
    assertThat(forged).isNotEqualTo(payload);
    String tampered =
        parts[0] + "." + Base64URL.encode(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

    Api.Response refused = assertRefused(tampered);
    assertThat(refused.json().path("error").path("message").asString()).contains("signature");
    assertThat(usersWithEmail("boss@univ-ubs.fr")).isZero();
  }

  @Test
  void aTokenFromAnIssuerNotConfiguredIsRefused() {
    assertRefused(unconfigured.sign(claims(unconfigured, "stranger@univ-ubs.fr").build()));
    JWTClaimsSet claimingAKnownIssuer = claims(idp, "stranger@univ-ubs.fr").build();
    assertRefused(unconfigured.sign(claimingAKnownIssuer));
    JWTClaimsSet noIssuer =
        new JWTClaimsSet.Builder(claims(idp, "stranger@univ-ubs.fr").build()).issuer(null).build();
    assertRefused(idp.sign(noIssuer));
    assertThat(usersWithEmail("stranger@univ-ubs.fr")).isZero();
  }

  @Test
  void anUnsignedTokenIsRefused() {
    String none = new PlainJWT(claims(idp, "nobody@univ-ubs.fr").build()).serialize();
    assertThat(none).endsWith(".");
    assertRefused(none);
    assertThat(usersWithEmail("nobody@univ-ubs.fr")).isZero();
  }

  @Test
  void anHmacTokenKeyedWithThePublicKeyIsRefused() throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(idp.currentKey().getKeyID()).build(),
            claims(idp, "confused@univ-ubs.fr").build());
    jwt.sign(new MACSigner(idp.currentKey().toPublicJWK().toRSAPublicKey().getEncoded()));
    assertRefused(jwt.serialize());
  }

  @Test
  void tokensWithoutTheRequiredClaimsAreRefused() {
    JWTClaimsSet full = claims(idp, "claims@univ-ubs.fr").build();
    Api.Response noEmail =
        assertRefused(idp.sign(new JWTClaimsSet.Builder(full).claim("email", null).build()));
    assertThat(noEmail.json().path("error").path("message").asString()).contains("email");
    assertRefused(
        idp.sign(new JWTClaimsSet.Builder(full).claim("email", "not-an-address").build()));
    assertRefused(idp.sign(new JWTClaimsSet.Builder(full).subject(null).build()));
    assertRefused(idp.sign(new JWTClaimsSet.Builder(full).expirationTime(null).build()));
    Api.Response unverified =
        assertRefused(
            idp.sign(new JWTClaimsSet.Builder(full).claim("email_verified", false).build()));
    assertThat(unverified.json().path("error").path("message").asString()).contains("verified");
    assertThat(usersWithEmail("claims@univ-ubs.fr")).isZero();

    assertThat(
            me(idp.sign(new JWTClaimsSet.Builder(full).claim("email_verified", null).build()))
                .status())
        .as("email_verified may be left out")
        .isEqualTo(200);
  }

  @Test
  void garbageThatLooksLikeAJwtIsRefused() {
    assertRefused("aaaa.bbbb.cccc");
    assertRefused("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln");
  }

  // --- keys

  @Test
  void theJwkSetIsCachedBetweenSignIns() {
    assertThat(me(idp.sign(claims(idp, "cache@univ-ubs.fr").build())).status()).isEqualTo(200);
    int fetches = idp.jwksFetches();
    assertThat(fetches).isPositive();
    for (int i = 0; i < 5; i++) {
      assertThat(me(idp.sign(claims(idp, "cache@univ-ubs.fr").build())).status()).isEqualTo(200);
    }
    assertThat(idp.jwksFetches()).isEqualTo(fetches);
  }

  @Test
  void aRotatedKeyIsAcceptedWithoutARestart() {
    String before = rotating.sign(claims(rotating, "rotation@univ-ubs.fr").build());
    Api.Response first = me(before);
    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    String oldKid = rotating.currentKey().getKeyID();
    int fetches = rotating.jwksFetches();

    RSAKey newKey = rotating.rotate();
    assertThat(newKey.getKeyID()).isNotEqualTo(oldKid);
    String after = rotating.sign(claims(rotating, "rotation@univ-ubs.fr").build());
    assertThat(SignedJWT.class.cast(parse(after)).getHeader().getKeyID())
        .isEqualTo(newKey.getKeyID());

    Api.Response second = me(after);
    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(second.text("id")).isEqualTo(first.text("id"));
    assertThat(rotating.jwksFetches()).as("the new key was fetched once").isEqualTo(fetches + 1);

    assertRefused(before);
  }

  @Test
  void anUnreachableJwkSetIs503() {
    Api.Response response = me(down.sign(claims(down, "down@univ-ubs.fr").build()));
    assertThat(response.status()).as(response.toString()).isEqualTo(503);
    assertThat(response.errorCode()).isEqualTo("unavailable");
    assertThat(usersWithEmail("down@univ-ubs.fr")).isZero();
  }

  private static Object parse(String token) {
    try {
      return SignedJWT.parse(token);
    } catch (java.text.ParseException e) {
      throw new AssertionError(e);
    }
  }
}
