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

/** The {@code (issuer, subject)} identities users are linked to ({@code user_identities}). */
@RegisterRowMapper(IdentityDao.IdentityMapper.class)
public interface IdentityDao {

  /** A link: the identity at its issuer, the user, the e-mail it last carried, when. */
  record Identity(
      String issuer,
      String subject,
      UUID userId,
      String email,
      Instant linkedAt,
      Instant lastSignInAt) {}

  @SqlQuery("select * from user_identities where issuer = :issuer and subject = :subject")
  Optional<Identity> find(@Bind("issuer") String issuer, @Bind("subject") String subject);

  @SqlQuery("select * from user_identities where user_id = :userId order by linked_at, issuer")
  List<Identity> ofUser(@Bind("userId") UUID userId);

  @SqlUpdate(
      "insert into user_identities (issuer, subject, user_id, email, linked_at, last_sign_in_at)"
          + " values (:issuer, :subject, :userId, :email, :now, :now)")
  void link(
      @Bind("issuer") String issuer,
      @Bind("subject") String subject,
      @Bind("userId") UUID userId,
      @Bind("email") String email,
      @Bind("now") Instant now);

  @SqlUpdate(
      "update user_identities set email = :email, last_sign_in_at = :now"
          + " where issuer = :issuer and subject = :subject")
  int signedIn(
      @Bind("issuer") String issuer,
      @Bind("subject") String subject,
      @Bind("email") String email,
      @Bind("now") Instant now);

  @SqlUpdate("delete from user_identities where user_id = :userId and issuer = :issuer")
  int unlinkAt(@Bind("userId") UUID userId, @Bind("issuer") String issuer);

  @SqlUpdate("delete from user_identities where user_id = :userId")
  int unlinkAll(@Bind("userId") UUID userId);

  /** Maps a {@code user_identities} row. */
  final class IdentityMapper implements RowMapper<Identity> {
    @Override
    public Identity map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Identity(
          rs.getString("issuer"),
          rs.getString("subject"),
          Rows.uuid(rs, "user_id"),
          rs.getString("email"),
          Rows.instant(rs, "linked_at"),
          Rows.instant(rs, "last_sign_in_at"));
    }
  }
}
