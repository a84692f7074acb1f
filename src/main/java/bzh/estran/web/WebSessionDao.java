package bzh.estran.web;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Browser sessions (by the hash of their id) and the OIDC sign-ins they have under way. */
@RegisterConstructorMapper(WebSession.class)
@RegisterConstructorMapper(WebSessionDao.PendingSignIn.class)
interface WebSessionDao {

  @SqlUpdate(
      "insert into web_sessions (id_hash, user_id, api_token_id, csrf_token, created_at,"
          + " expires_at) values (:idHash, :userId, :apiToken, :csrfToken, :createdAt,"
          + " :expiresAt)")
  void insert(
      @Bind("idHash") String idHash,
      @Bind("userId") UUID userId,
      @Bind("apiToken") UUID apiToken,
      @Bind("csrfToken") String csrfToken,
      @Bind("createdAt") Instant createdAt,
      @Bind("expiresAt") Instant expiresAt);

  @SqlQuery(
      "select s.id_hash, s.user_id, s.csrf_token, s.expires_at from web_sessions s"
          + " where s.id_hash = :idHash and s.expires_at > :now"
          + " and (s.api_token_id is null or exists (select 1 from api_tokens t"
          + " where t.id = s.api_token_id and t.revoked_at is null"
          + " and (t.expires_at is null or t.expires_at > :now)))")
  Optional<WebSession> findLive(@Bind("idHash") String idHash, @Bind("now") Instant now);

  @SqlUpdate("delete from web_sessions where id_hash = :idHash")
  int delete(@Bind("idHash") String idHash);

  @SqlUpdate("delete from web_sessions where expires_at <= :now")
  int deleteExpired(@Bind("now") Instant now);

  /** A sign-in started by a session: what its callback must find again. */
  record PendingSignIn(
      String sessionHash, String issuer, String nonce, String codeVerifier, String nextPath) {}

  @SqlUpdate(
      "insert into web_sign_ins (state_hash, session_hash, issuer, nonce, code_verifier,"
          + " next_path, created_at) values (:stateHash, :sessionHash, :issuer, :nonce,"
          + " :codeVerifier, :nextPath, :createdAt)")
  void insertSignIn(
      @Bind("stateHash") String stateHash,
      @Bind("sessionHash") String sessionHash,
      @Bind("issuer") String issuer,
      @Bind("nonce") String nonce,
      @Bind("codeVerifier") String codeVerifier,
      @Bind("nextPath") String nextPath,
      @Bind("createdAt") Instant createdAt);

  /** Takes the sign-in out (a state works once), if it was started recently enough. */
  @SqlQuery(
      "delete from web_sign_ins where state_hash = :stateHash and created_at > :since"
          + " returning session_hash, issuer, nonce, code_verifier, next_path")
  Optional<PendingSignIn> takeSignIn(
      @Bind("stateHash") String stateHash, @Bind("since") Instant since);
}
