package bzh.estran.sandbox;

import bzh.estran.catalog.core.Size;
import bzh.estran.db.Rows;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxEvent;
import bzh.estran.sandbox.core.SandboxState;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Sandboxes and their events in the database. State changes are conditional on the current state.
 */
@RegisterRowMapper(SandboxDao.SandboxMapper.class)
@RegisterRowMapper(SandboxDao.EventMapper.class)
public interface SandboxDao {

  /**
   * The start of {@link #SELECT}: a sandbox's columns, its owner's e-mail, its institution's slug.
   */
  String COLUMNS = "select s.*, u.email as owner_email, i.slug as institution_slug from ";

  /** After {@link #COLUMNS} and a source of sandbox rows: names it {@code s} and joins the rest. */
  String JOINS =
      " s join users u on u.id = s.owner_id join institutions i on i.id = s.institution_id";

  String SELECT = COLUMNS + "sandboxes" + JOINS;

  /** What {@link #insert} writes: a new sandbox, in PROVISIONING. */
  String INSERT =
      "insert into sandboxes (id, name, owner_id, institution_id, cohort_id, template, datasets,"
          + " cpu, memory_gib, storage_gib, state, namespace, created_at, expires_at, updated_at,"
          + " booked_period)"
          + " values (:id, :name, :ownerId, :institutionId, :cohortId, :template, :datasets,"
          + " :cpu, :memoryGiB, :storageGiB, 'PROVISIONING', :namespace, :createdAt, :expiresAt,"
          + " :createdAt, :period)";

  /** What {@link #addEvent} writes. */
  String ADD_EVENT =
      "insert into sandbox_events (sandbox_id, at, type, message) values (:id, :at, :type, :message)";

  @SqlUpdate(INSERT)
  void insert(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("ownerId") UUID ownerId,
      @Bind("institutionId") UUID institutionId,
      @Bind("cohortId") UUID cohortId,
      @Bind("template") String template,
      @Bind("datasets") String[] datasets,
      @Bind("cpu") BigDecimal cpu,
      @Bind("memoryGiB") BigDecimal memoryGiB,
      @Bind("storageGiB") BigDecimal storageGiB,
      @Bind("namespace") String namespace,
      @Bind("createdAt") Instant createdAt,
      @Bind("expiresAt") Instant expiresAt,
      @Bind("period") String bookedPeriod);

  @SqlQuery(SELECT + " where s.id = :id")
  Optional<Sandbox> find(@Bind("id") UUID id);

  @SqlQuery(SELECT + " where s.id in (<ids>)")
  List<Sandbox> findAll(@BindList("ids") Collection<UUID> ids);

  @SqlQuery(SELECT + " where s.state in ('PROVISIONING', 'READY', 'DELETING')")
  List<Sandbox> findLive();

  /** The owner's sandboxes that still want a namespace, in one institution or (null) in all. */
  @SqlQuery(
      SELECT
          + " where s.owner_id = :ownerId and s.state in ('PROVISIONING', 'READY')"
          + " and (cast(:institutionId as uuid) is null or s.institution_id = :institutionId)")
  List<Sandbox> findRunningOf(
      @Bind("ownerId") UUID ownerId, @Bind("institutionId") UUID institutionId);

  /** Sandboxes some worker should be moving on: not leased, and not waiting for a retry. */
  @SqlQuery(
      SELECT
          + " where s.state in ('PROVISIONING', 'DELETING')"
          + " and (s.lease_until is null or s.lease_until < :now)"
          + " and (s.next_attempt_at is null or s.next_attempt_at <= :now)")
  List<Sandbox> findUnattended(@Bind("now") Instant now);

  /** A sandbox of a page, with how many rows the filter selects across all pages. */
  record Counted(Sandbox sandbox, long total) {}

  /**
   * A filtered page and its total in one statement (one round trip), read by {@link
   * SandboxFilter#queryCounted} through Jdbi's fluent API; {@code <where>} is built by {@link
   * SandboxFilter} from fixed fragments only. Each row carries the filter's total; an empty page
   * carries none: ask {@link #COUNT}.
   */
  String PAGE =
      "select s.*, u.email as owner_email, i.slug as institution_slug, count(*) over () as total"
          + " from sandboxes s join users u on u.id = s.owner_id"
          + " join institutions i on i.id = s.institution_id"
          + " where <where> order by s.created_at desc, s.id limit :limit offset :offset";

  /** A sandbox and one of its events (none: the event columns are null), oldest event first. */
  record WithEvent(Sandbox sandbox, SandboxEvent event) {}

  /**
   * A sandbox and its events in one statement (one round trip): one row per event, read by {@link
   * SandboxService#get} through Jdbi's fluent API.
   */
  String WITH_EVENTS =
      "select s.*, u.email as owner_email, i.slug as institution_slug,"
          + " e.at as event_at, e.type as event_type, e.message as event_message"
          + " from sandboxes s join users u on u.id = s.owner_id"
          + " join institutions i on i.id = s.institution_id"
          + " left join sandbox_events e on e.sandbox_id = s.id where s.id = :id order by e.id";

  /** How many rows {@link #PAGE} would give without its limit and offset. */
  String COUNT =
      "select count(*) from sandboxes s join users u on u.id = s.owner_id"
          + " join institutions i on i.id = s.institution_id where <where>";

  @SqlQuery(
      "select id from sandboxes where owner_id = :ownerId and cohort_id = :cohortId"
          + " and state in ('PROVISIONING', 'READY', 'DELETING') limit 1")
  Optional<UUID> liveInCohort(@Bind("ownerId") UUID ownerId, @Bind("cohortId") UUID cohortId);

  @SqlQuery(
      "select count(*) from sandboxes where owner_id = :ownerId and name = :name"
          + " and state in ('PROVISIONING', 'READY', 'DELETING')")
  int countLiveNamed(@Bind("ownerId") UUID ownerId, @Bind("name") String name);

  /**
   * Which of the names asked for (the i-th of {@code names} by the i-th of {@code owners}) name a
   * live sandbox of their owner already.
   */
  @SqlQuery(
      "select s.owner_id, s.name from sandboxes s"
          + " join unnest(:owners, :names) as asked(owner_id, name)"
          + " on asked.owner_id = s.owner_id and asked.name = s.name"
          + " where s.state in ('PROVISIONING', 'READY', 'DELETING')")
  @RegisterRowMapper(OwnedNameMapper.class)
  List<OwnedName> takenNames(@Bind("owners") UUID[] owners, @Bind("names") String[] names);

  /** A sandbox name as one owner uses it. */
  record OwnedName(UUID ownerId, String name) {}

  /** Maps a row of {@link #takenNames}. */
  final class OwnedNameMapper implements RowMapper<OwnedName> {
    @Override
    public OwnedName map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new OwnedName(Rows.uuid(rs, "owner_id"), rs.getString("name"));
    }
  }

  /** What {@link #transition} runs. */
  String TRANSITION =
      "update sandboxes set state = :to, updated_at = :now,"
          + " ready_at = case when :to = 'READY' then :now else ready_at end,"
          + " deleted_at = case when :to in ('DELETED', 'FAILED') then :now else deleted_at end,"
          + " next_attempt_at = null"
          + " where id = :id and state = :from";

  @SqlUpdate(TRANSITION)
  int transition(
      @Bind("id") UUID id,
      @Bind("from") SandboxState from,
      @Bind("to") SandboxState to,
      @Bind("now") Instant now);

  @SqlUpdate(
      "update sandboxes set state = 'FAILED', failure = :failure, updated_at = :now,"
          + " deleted_at = :now, next_attempt_at = null where id = :id and state = 'PROVISIONING'")
  int fail(@Bind("id") UUID id, @Bind("failure") String failure, @Bind("now") Instant now);

  /** Moves the expiry, only if nobody moved it (or ended the sandbox) since it was read. */
  @SqlUpdate(
      "update sandboxes set expires_at = :newExpiry, updated_at = :now where id = :id"
          + " and expires_at = :oldExpiry and state in ('PROVISIONING', 'READY')")
  int extend(
      @Bind("id") UUID id,
      @Bind("oldExpiry") Instant oldExpiry,
      @Bind("newExpiry") Instant newExpiry,
      @Bind("now") Instant now);

  /** Marks every sandbox due by {@code now} as DELETING and returns their ids. */
  @SqlQuery(
      "update sandboxes set state = 'DELETING', updated_at = :now, next_attempt_at = null"
          + " where state in ('PROVISIONING', 'READY') and expires_at <= :now returning id")
  List<UUID> expireDue(@Bind("now") Instant now);

  /**
   * A replica whose heartbeat is older than this many seconds is dead (its leases are free), in the
   * database's own time so that replicas need not agree on theirs.
   */
  String DEAD_OWNER =
      "exists (select 1 from replicas r where r.id = s.lease_owner"
          + " and r.heartbeat_at < clock_timestamp() - make_interval(secs => :timeoutSeconds))";

  /**
   * Takes the sandbox's lease unless another replica holds it: free when unheld, lapsed, or held by
   * a replica that stopped beating.
   */
  String CLAIM =
      "update sandboxes s set lease_owner = :owner, lease_until = :until where s.id = :id"
          + " and (s.lease_until is null or s.lease_until < :now or s.lease_owner = :owner"
          + " or "
          + DEAD_OWNER
          + ")";

  /** {@link #CLAIM}, answering the sandbox claimed as {@link #SELECT} reads it (no row: not). */
  String CLAIM_AND_READ =
      "with claimed as (" + CLAIM + " returning s.*) " + COLUMNS + "claimed" + JOINS;

  /** Runs {@link #CLAIM}: 1 when the lease is this replica's now. */
  @SqlUpdate(CLAIM)
  int claim(
      @Bind("id") UUID id,
      @Bind("owner") String owner,
      @Bind("now") Instant now,
      @Bind("until") Instant until,
      @Bind("timeoutSeconds") double replicaTimeoutSeconds);

  /**
   * Provisioning or deletion no live replica is working on: leased by a dead replica, or unleased,
   * not waiting for a retry and untouched since {@code quietSince}.
   */
  @SqlQuery(
      "select s.id from sandboxes s where s.state in ('PROVISIONING', 'DELETING')"
          + " and (s.next_attempt_at is null or s.next_attempt_at <= :now)"
          + " and ((s.lease_owner is null and s.updated_at < :quietSince) or "
          + DEAD_OWNER
          + ")")
  List<UUID> abandoned(
      @Bind("now") Instant now,
      @Bind("quietSince") Instant quietSince,
      @Bind("timeoutSeconds") double replicaTimeoutSeconds);

  String RELEASE =
      "update sandboxes set lease_owner = null, lease_until = null where id = :id"
          + " and lease_owner = :owner";

  @SqlUpdate(RELEASE)
  int release(@Bind("id") UUID id, @Bind("owner") String owner);

  @SqlQuery("select attempts from sandboxes where id = :id")
  int attempts(@Bind("id") UUID id);

  @SqlUpdate(
      "update sandboxes set attempts = :attempts, next_attempt_at = :next, updated_at = :now"
          + " where id = :id")
  int recordAttempt(
      @Bind("id") UUID id,
      @Bind("attempts") int attempts,
      @Bind("next") Instant next,
      @Bind("now") Instant now);

  @SqlUpdate(ADD_EVENT)
  void addEvent(
      @Bind("id") UUID sandboxId,
      @Bind("at") Instant at,
      @Bind("type") String type,
      @Bind("message") String message);

  @SqlQuery("select at, type, message from sandbox_events where sandbox_id = :id order by id")
  List<SandboxEvent> events(@Bind("id") UUID sandboxId);

  /** Maps a sandbox row joined with its owner's e-mail and institution's slug. */
  final class SandboxMapper implements RowMapper<Sandbox> {
    @Override
    public Sandbox map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Sandbox(
          Rows.uuid(rs, "id"),
          rs.getString("name"),
          Rows.uuid(rs, "owner_id"),
          rs.getString("owner_email"),
          Rows.uuid(rs, "institution_id"),
          rs.getString("institution_slug"),
          Rows.uuid(rs, "cohort_id"),
          rs.getString("template"),
          strings(rs.getArray("datasets")),
          new Size(
              rs.getBigDecimal("cpu"),
              rs.getBigDecimal("memory_gib"),
              rs.getBigDecimal("storage_gib")),
          SandboxState.valueOf(rs.getString("state")),
          rs.getString("namespace"),
          Rows.instant(rs, "created_at"),
          Rows.instant(rs, "expires_at"),
          Rows.instant(rs, "ready_at"),
          Rows.instant(rs, "deleted_at"),
          rs.getString("failure"));
    }

    private static List<String> strings(Array array) throws SQLException {
      return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
  }

  /** Maps a row of {@link #PAGE}. */
  final class CountedMapper implements RowMapper<Counted> {
    private final SandboxMapper sandboxes = new SandboxMapper();

    @Override
    public Counted map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Counted(sandboxes.map(rs, ctx), rs.getLong("total"));
    }
  }

  /** Maps a row of {@link #WITH_EVENTS}. */
  final class WithEventMapper implements RowMapper<WithEvent> {
    private final SandboxMapper sandboxes = new SandboxMapper();

    @Override
    public WithEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
      String type = rs.getString("event_type");
      return new WithEvent(
          sandboxes.map(rs, ctx),
          type == null
              ? null
              : new SandboxEvent(
                  Rows.instant(rs, "event_at"), type, rs.getString("event_message")));
    }
  }

  /** Maps a {@code sandbox_events} row. */
  final class EventMapper implements RowMapper<SandboxEvent> {
    @Override
    public SandboxEvent map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new SandboxEvent(
          Rows.instant(rs, "at"), rs.getString("type"), rs.getString("message"));
    }
  }
}
