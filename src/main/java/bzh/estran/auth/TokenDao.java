package bzh.estran.auth;

import bzh.estran.db.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** API tokens, stored as hashes only. */
@RegisterRowMapper(TokenDao.TokenMapper.class)
public interface TokenDao {

  /** A stored token: never the secret itself. */
  record StoredToken(UUID id, UUID userId, String name, Instant createdAt, Instant expiresAt) {}

  @SqlUpdate(
      "insert into api_tokens (id, user_id, name, token_hash, created_at, expires_at)"
          + " values (:id, :userId, :name, :hash, :createdAt, :expiresAt)")
  void insert(
      @Bind("id") UUID id,
      @Bind("userId") UUID userId,
      @Bind("name") String name,
      @Bind("hash") String hash,
      @Bind("createdAt") Instant createdAt,
      @Bind("expiresAt") Instant expiresAt);

  /**
   * {@link #findValid}'s statement, for the lookup of a token's caller, which reads it without
   * attaching this DAO (attaching costs more CPU than the query).
   */
  String FIND_VALID =
      "select * from api_tokens where token_hash = :hash and revoked_at is null"
          + " and (expires_at is null or expires_at > :now)";

  @SqlQuery(FIND_VALID)
  Optional<StoredToken> findValid(@Bind("hash") String hash, @Bind("now") Instant now);

  @SqlQuery("select exists (select 1 from api_tokens where token_hash = :hash)")
  boolean exists(@Bind("hash") String hash);

  @SqlQuery(
      "select * from api_tokens where user_id = :userId and revoked_at is null order by created_at")
  List<StoredToken> listOf(@Bind("userId") UUID userId);

  @SqlUpdate(
      "update api_tokens set revoked_at = :now where id = :id and user_id = :userId"
          + " and revoked_at is null")
  int revoke(@Bind("id") UUID id, @Bind("userId") UUID userId, @Bind("now") Instant now);

  @SqlUpdate(
      "update api_tokens set revoked_at = :now where user_id = :userId and name = :name"
          + " and revoked_at is null")
  int revokeNamed(@Bind("userId") UUID userId, @Bind("name") String name, @Bind("now") Instant now);

  @SqlUpdate(
      "update api_tokens set revoked_at = :now where user_id = :userId and revoked_at is null")
  int revokeAll(@Bind("userId") UUID userId, @Bind("now") Instant now);

  /** Maps an {@code api_tokens} row. */
  final class TokenMapper implements RowMapper<StoredToken> {
    @Override
    public StoredToken map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new StoredToken(
          Rows.uuid(rs, "id"),
          Rows.uuid(rs, "user_id"),
          rs.getString("name"),
          Rows.instant(rs, "created_at"),
          Rows.instant(rs, "expires_at"));
    }
  }
}
