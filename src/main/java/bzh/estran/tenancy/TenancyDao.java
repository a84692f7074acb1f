package bzh.estran.tenancy;

import bzh.estran.db.Rows;
import bzh.estran.tenancy.core.Institution;
import bzh.estran.tenancy.core.InstitutionKind;
import bzh.estran.tenancy.core.Membership;
import bzh.estran.tenancy.core.Role;
import bzh.estran.tenancy.core.User;
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

/** Users, institutions and memberships in the database. */
@RegisterRowMapper(TenancyDao.UserMapper.class)
@RegisterRowMapper(TenancyDao.InstitutionMapper.class)
@RegisterRowMapper(TenancyDao.MembershipMapper.class)
public interface TenancyDao {

  @SqlUpdate(
      "insert into users (id, email, name, platform_admin, active, created_at)"
          + " values (:id, :email, :name, :platformAdmin, true, :createdAt)")
  void insertUser(
      @Bind("id") UUID id,
      @Bind("email") String email,
      @Bind("name") String name,
      @Bind("platformAdmin") boolean platformAdmin,
      @Bind("createdAt") Instant createdAt);

  /**
   * {@link #findUser}'s statement, for a hot path that reads it without attaching this DAO (the
   * lookup of a token's caller): attaching costs more CPU than the query.
   */
  String FIND_USER = "select * from users where id = :id";

  /** {@link #findInstitution}'s statement, read without the DAO by {@link Institutions#bySlug}. */
  String FIND_INSTITUTION = "select * from institutions where slug = :slug";

  /** {@link #membershipsOf}'s statement, for the lookup of a token's caller. */
  String MEMBERSHIPS_OF =
      "select m.institution_id, i.slug, m.role from memberships m"
          + " join institutions i on i.id = m.institution_id where m.user_id = :userId order by i.slug";

  @SqlQuery(FIND_USER)
  Optional<User> findUser(@Bind("id") UUID id);

  @SqlQuery("select * from users where lower(email) = lower(:email)")
  Optional<User> findUserByEmail(@Bind("email") String email);

  @SqlUpdate(
      "insert into institutions (id, slug, name, kind, created_at)"
          + " values (:id, :slug, :name, :kind, :createdAt)")
  void insertInstitution(
      @Bind("id") UUID id,
      @Bind("slug") String slug,
      @Bind("name") String name,
      @Bind("kind") String kind,
      @Bind("createdAt") Instant createdAt);

  @SqlQuery(FIND_INSTITUTION)
  Optional<Institution> findInstitution(@Bind("slug") String slug);

  @SqlQuery("select * from institutions order by slug")
  List<Institution> listInstitutions();

  @SqlQuery(
      "select i.* from institutions i join memberships m on m.institution_id = i.id"
          + " where m.user_id = :userId order by i.slug")
  List<Institution> listInstitutionsOf(@Bind("userId") UUID userId);

  @SqlUpdate(
      "insert into memberships (user_id, institution_id, role, created_at)"
          + " values (:userId, :institutionId, :role, :createdAt) on conflict do nothing")
  int insertMembership(
      @Bind("userId") UUID userId,
      @Bind("institutionId") UUID institutionId,
      @Bind("role") String role,
      @Bind("createdAt") Instant createdAt);

  @SqlQuery(MEMBERSHIPS_OF)
  List<Membership> membershipsOf(@Bind("userId") UUID userId);

  /** A member of an institution, as its admins see them. */
  record Member(
      UUID userId, String email, String name, String role, boolean active, Instant since) {}

  @SqlQuery(
      "select u.id, u.email, u.name, m.role, u.active, m.created_at from memberships m"
          + " join users u on u.id = m.user_id where m.institution_id = :institutionId order by u.email")
  @RegisterRowMapper(MemberMapper.class)
  List<Member> members(@Bind("institutionId") UUID institutionId);

  @SqlUpdate(
      "update memberships set role = :role where user_id = :userId and institution_id = :institutionId")
  int changeRole(
      @Bind("userId") UUID userId,
      @Bind("institutionId") UUID institutionId,
      @Bind("role") String role);

  @SqlUpdate("delete from memberships where user_id = :userId and institution_id = :institutionId")
  int deleteMembership(@Bind("userId") UUID userId, @Bind("institutionId") UUID institutionId);

  @SqlUpdate("update users set email = :email where id = :userId")
  int changeEmail(@Bind("userId") UUID userId, @Bind("email") String email);

  @SqlQuery("select language from users where id = :userId")
  String language(@Bind("userId") UUID userId);

  @SqlUpdate("update users set language = :language where id = :userId")
  int setLanguage(@Bind("userId") UUID userId, @Bind("language") String language);

  @SqlUpdate("update users set active = :active where id = :userId")
  int setActive(@Bind("userId") UUID userId, @Bind("active") boolean active);

  /** Maps a member row. */
  final class MemberMapper implements RowMapper<Member> {
    @Override
    public Member map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Member(
          Rows.uuid(rs, "id"),
          rs.getString("email"),
          rs.getString("name"),
          rs.getString("role"),
          rs.getBoolean("active"),
          Rows.instant(rs, "created_at"));
    }
  }

  /** Maps a {@code users} row. */
  final class UserMapper implements RowMapper<User> {
    @Override
    public User map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new User(
          Rows.uuid(rs, "id"),
          rs.getString("email"),
          rs.getString("name"),
          rs.getBoolean("platform_admin"),
          rs.getBoolean("active"),
          Rows.instant(rs, "created_at"));
    }
  }

  /** Maps an {@code institutions} row. */
  final class InstitutionMapper implements RowMapper<Institution> {
    @Override
    public Institution map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Institution(
          Rows.uuid(rs, "id"),
          rs.getString("slug"),
          rs.getString("name"),
          InstitutionKind.parse(rs.getString("kind")).orElseThrow(),
          Rows.instant(rs, "created_at"));
    }
  }

  /** Maps a membership joined with its institution's slug. */
  final class MembershipMapper implements RowMapper<Membership> {
    @Override
    public Membership map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Membership(
          Rows.uuid(rs, "institution_id"),
          rs.getString("slug"),
          Role.parse(rs.getString("role")).orElseThrow());
    }
  }
}
