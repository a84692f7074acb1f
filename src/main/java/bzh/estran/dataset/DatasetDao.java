package bzh.estran.dataset;

import bzh.estran.dataset.core.ColumnInfo;
import bzh.estran.dataset.core.Dataset;
import bzh.estran.dataset.core.DatasetRun;
import bzh.estran.dataset.core.DatasetVersion;
import bzh.estran.dataset.core.Provenance;
import bzh.estran.dataset.core.RunState;
import bzh.estran.db.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.SingleValue;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The dataset feature's tables. */
@RegisterRowMapper(DatasetDao.DatasetMapper.class)
@RegisterRowMapper(DatasetDao.VersionMapper.class)
@RegisterRowMapper(DatasetDao.RunMapper.class)
public interface DatasetDao {

  JsonMapper JSON = JsonMapper.builder().build();

  // ---- stewards

  @SqlUpdate(
      "insert into data_stewards (user_id, granted_by, granted_at) values (:user, :by, :now)"
          + " on conflict (user_id) do nothing")
  int grantSteward(@Bind("user") UUID user, @Bind("by") UUID by, @Bind("now") Instant now);

  @SqlUpdate("delete from data_stewards where user_id = :user")
  int revokeSteward(@Bind("user") UUID user);

  @SqlQuery("select count(*) > 0 from data_stewards where user_id = :user")
  boolean isSteward(@Bind("user") UUID user);

  @SqlQuery("select count(*) > 0 from users where id = :user")
  boolean userExists(@Bind("user") UUID user);

  // ---- datasets

  @SqlUpdate(
      "insert into datasets (id, name, title, description, licence, producer, source,"
          + " period_from, period_to, hmac_secret, created_by, created_at) values (:id, :name,"
          + " :title, :description, :licence, :producer, :source, :from, :to, :secret, :by, :now)")
  void insertDataset(
      @Bind("id") UUID id,
      @Bind("name") String name,
      @Bind("title") String title,
      @Bind("description") String description,
      @Bind("licence") String licence,
      @Bind("producer") String producer,
      @Bind("source") String source,
      @Bind("from") LocalDate from,
      @Bind("to") LocalDate to,
      @Bind("secret") byte[] secret,
      @Bind("by") UUID by,
      @Bind("now") Instant now);

  @SqlQuery("select * from datasets where name = :name")
  Optional<Dataset> findDataset(@Bind("name") String name);

  @SqlQuery("select * from datasets where id = :id")
  Optional<Dataset> findDatasetById(@Bind("id") UUID id);

  @SqlQuery("select count(*) from datasets")
  int countDatasets();

  /** The pseudonymisation secret: read only to hand it to the engine, never to a caller. */
  @SqlQuery("select hmac_secret from datasets where id = :id")
  @SingleValue
  byte[] secretOf(@Bind("id") UUID id);

  // ---- versions

  String VERSION =
      "select v.*, d.name from dataset_versions v join datasets d on d.id = v.dataset_id";

  @SqlQuery(VERSION + " where v.dataset_id = :dataset order by v.version desc")
  List<DatasetVersion> versions(@Bind("dataset") UUID dataset);

  @SqlQuery(VERSION + " where v.dataset_id = :dataset and v.version = :version")
  Optional<DatasetVersion> version(@Bind("dataset") UUID dataset, @Bind("version") int version);

  /** The newest published, non-withdrawn version of each dataset, by name. */
  @SqlQuery(
      "select distinct on (v.dataset_id) v.*, d.name from dataset_versions v"
          + " join datasets d on d.id = v.dataset_id where v.withdrawn_at is null"
          + " order by v.dataset_id, v.version desc")
  List<DatasetVersion> latestVersions();

  @SqlQuery("select coalesce(max(version), 0) + 1 from dataset_versions where dataset_id = :id")
  int nextVersion(@Bind("id") UUID dataset);

  @SqlUpdate(
      "insert into dataset_versions (dataset_id, version, run_id, blob_id, sha256, bytes, rows,"
          + " columns, policy, licence, producer, source, period_from, period_to, published_by,"
          + " published_at) select r.dataset_id, :version, r.id, r.blob_id, b.sha256, b.bytes,"
          + " r.rows_out, r.columns, r.policy, d.licence, d.producer, d.source, d.period_from,"
          + " d.period_to, :by, :now from dataset_runs r join dataset_blobs b on b.id = r.blob_id"
          + " join datasets d on d.id = r.dataset_id where r.id = :run and r.state = 'SUCCEEDED'")
  int publish(
      @Bind("run") UUID run,
      @Bind("version") int version,
      @Bind("by") UUID by,
      @Bind("now") Instant now);

  @SqlUpdate(
      "update dataset_versions set withdrawn_at = :now, withdrawn_by = :by"
          + " where dataset_id = :dataset and version = :version and withdrawn_at is null")
  int withdraw(
      @Bind("dataset") UUID dataset,
      @Bind("version") int version,
      @Bind("by") UUID by,
      @Bind("now") Instant now);

  // ---- runs

  String RUN =
      "select r.*, d.name, v.version as published_version from dataset_runs r"
          + " join datasets d on d.id = r.dataset_id"
          + " left join dataset_versions v on v.run_id = r.id";

  @SqlUpdate(
      "insert into dataset_runs (id, dataset_id, state, policy, created_by, created_at)"
          + " values (:id, :dataset, 'AWAITING_DATA', :policy, :by, :now)")
  void insertRun(
      @Bind("id") UUID id,
      @Bind("dataset") UUID dataset,
      @Bind("policy") String policy,
      @Bind("by") UUID by,
      @Bind("now") Instant now);

  @SqlQuery(RUN + " where r.id = :id")
  Optional<DatasetRun> run(@Bind("id") UUID id);

  @SqlQuery(RUN + " where r.dataset_id = :dataset order by r.created_at desc")
  List<DatasetRun> runs(@Bind("dataset") UUID dataset);

  @SqlUpdate(
      "update dataset_runs set state = 'RUNNING', started_at = :now, replica = :replica"
          + " where id = :id and state = 'AWAITING_DATA'")
  int start(@Bind("id") UUID id, @Bind("now") Instant now, @Bind("replica") String replica);

  /** The replicas beating now. */
  @SqlQuery(
      "select id from replicas where heartbeat_at >= clock_timestamp()"
          + " - make_interval(secs => :timeoutSeconds)")
  List<String> liveReplicas(@Bind("timeoutSeconds") double replicaTimeoutSeconds);

  /**
   * Runs left RUNNING by a replica that stopped beating for longer than the timeout (or whose row
   * is gone), and, from before replicas were recorded, runs started before {@code
   * unrecordedBefore}: FAILED with {@code why}.
   */
  @SqlUpdate(
      "update dataset_runs d set state = 'FAILED', failure = :why || coalesce(' (' || d.replica"
          + " || ')', '') || '; its raw upload went with it: upload the data again in a new run.',"
          + " ended_at = :now where d.state = 'RUNNING'"
          + " and (d.replica is not null or d.started_at < :unrecordedBefore)"
          + " and not exists (select 1 from replicas r where r.id = d.replica"
          + " and r.heartbeat_at >= clock_timestamp() - make_interval(secs => :timeoutSeconds))")
  int failOrphaned(
      @Bind("timeoutSeconds") double replicaTimeoutSeconds,
      @Bind("unrecordedBefore") Instant unrecordedBefore,
      @Bind("why") String why,
      @Bind("now") Instant now);

  /** Of these runs, those this database knows, and whether each has ended. */
  @SqlQuery(
      "select id, state in ('SUCCEEDED', 'REFUSED', 'FAILED') as ended from dataset_runs"
          + " where id in (<ids>)")
  @org.jdbi.v3.sqlobject.config.KeyColumn("id")
  @org.jdbi.v3.sqlobject.config.ValueColumn("ended")
  Map<UUID, Boolean> known(@org.jdbi.v3.sqlobject.customizer.BindList("ids") List<UUID> ids);

  @SqlUpdate("update dataset_runs set raw_bytes = :bytes where id = :id")
  int recordRawBytes(@Bind("id") UUID id, @Bind("bytes") long bytes);

  @SqlUpdate(
      "update dataset_runs set state = :state, report = cast(:report as jsonb), summary_fr = :fr,"
          + " summary_en = :en, refusals = cast(:refusals as jsonb), failure = :failure,"
          + " columns = cast(:columns as jsonb), rows_out = :rowsOut, blob_id = :blob,"
          + " ended_at = :now where id = :id and state = 'RUNNING'")
  int end(
      @Bind("id") UUID id,
      @Bind("state") RunState state,
      @Bind("report") String reportJson,
      @Bind("fr") String summaryFr,
      @Bind("en") String summaryEn,
      @Bind("refusals") String refusalsJson,
      @Bind("failure") String failure,
      @Bind("columns") String columnsJson,
      @Bind("rowsOut") Long rowsOut,
      @Bind("blob") UUID blob,
      @Bind("now") Instant now);

  /** Runs left RUNNING by a process that stopped (their raw file went with it). */
  @SqlUpdate(
      "update dataset_runs set state = 'FAILED', failure = :why, ended_at = :now"
          + " where state = 'RUNNING' and started_at < :before")
  int abandonRunning(
      @Bind("before") Instant before, @Bind("why") String why, @Bind("now") Instant now);

  // ---- grants to sandboxes

  /** What {@link #grant} writes. */
  String GRANT =
      "insert into sandbox_datasets (sandbox_id, dataset_id, version, position, granted_at)"
          + " values (:sandbox, :dataset, :version, :position, :now)";

  @SqlUpdate(GRANT)
  void grant(
      @Bind("sandbox") UUID sandbox,
      @Bind("dataset") UUID dataset,
      @Bind("version") int version,
      @Bind("position") int position,
      @Bind("now") Instant now);

  @SqlQuery(
      VERSION
          + " join sandbox_datasets g on g.dataset_id = v.dataset_id and g.version = v.version"
          + " where g.sandbox_id = :sandbox order by g.position")
  List<DatasetVersion> granted(@Bind("sandbox") UUID sandbox);

  @SqlQuery(
      "select g.granted_at from sandbox_datasets g where g.sandbox_id = :sandbox"
          + " and g.dataset_id = :dataset and g.version = :version")
  Optional<Instant> grantedAt(
      @Bind("sandbox") UUID sandbox, @Bind("dataset") UUID dataset, @Bind("version") int version);

  // ---- the loader key

  @SqlUpdate("insert into dataset_keys (id, key) values (1, :key) on conflict (id) do nothing")
  int offerKey(@Bind("key") byte[] key);

  @SqlQuery("select key from dataset_keys where id = 1")
  @SingleValue
  byte[] loaderKey();

  /** Maps a {@code datasets} row. */
  final class DatasetMapper implements RowMapper<Dataset> {
    @Override
    public Dataset map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new Dataset(
          Rows.uuid(rs, "id"),
          rs.getString("name"),
          rs.getString("title"),
          rs.getString("description"),
          rs.getString("licence"),
          provenance(rs),
          Rows.instant(rs, "created_at"));
    }
  }

  /** Maps a {@code dataset_versions} row joined with the dataset's name. */
  final class VersionMapper implements RowMapper<DatasetVersion> {
    @Override
    public DatasetVersion map(ResultSet rs, StatementContext ctx) throws SQLException {
      return new DatasetVersion(
          Rows.uuid(rs, "dataset_id"),
          rs.getString("name"),
          rs.getInt("version"),
          Rows.uuid(rs, "run_id"),
          Rows.uuid(rs, "blob_id"),
          rs.getString("sha256"),
          rs.getLong("bytes"),
          rs.getLong("rows"),
          columns(rs.getString("columns")),
          rs.getString("licence"),
          provenance(rs),
          Rows.instant(rs, "published_at"),
          Rows.instant(rs, "withdrawn_at"));
    }
  }

  /** Maps a {@code dataset_runs} row joined with the dataset's name and published version. */
  final class RunMapper implements RowMapper<DatasetRun> {
    @Override
    public DatasetRun map(ResultSet rs, StatementContext ctx) throws SQLException {
      String refusals = rs.getString("refusals");
      long rawBytes = rs.getLong("raw_bytes");
      Long raw = rs.wasNull() ? null : rawBytes;
      long rowsOut = rs.getLong("rows_out");
      Long rows = rs.wasNull() ? null : rowsOut;
      int published = rs.getInt("published_version");
      Integer version = rs.wasNull() ? null : published;
      return new DatasetRun(
          Rows.uuid(rs, "id"),
          Rows.uuid(rs, "dataset_id"),
          rs.getString("name"),
          RunState.valueOf(rs.getString("state")),
          rs.getString("policy"),
          raw,
          rs.getString("report"),
          rs.getString("summary_fr"),
          rs.getString("summary_en"),
          refusals == null ? List.of() : JSON.readValue(refusals, new TypeReference<>() {}),
          rs.getString("failure"),
          columns(rs.getString("columns")),
          rows,
          Rows.uuid(rs, "blob_id"),
          Rows.instant(rs, "created_at"),
          Rows.instant(rs, "started_at"),
          Rows.instant(rs, "ended_at"),
          version);
    }
  }

  private static Provenance provenance(ResultSet rs) throws SQLException {
    return new Provenance(
        rs.getString("producer"),
        rs.getString("source"),
        rs.getObject("period_from", LocalDate.class),
        rs.getObject("period_to", LocalDate.class));
  }

  private static List<ColumnInfo> columns(String json) {
    return json == null
        ? List.of()
        : JSON.readValue(json, new TypeReference<List<ColumnInfo>>() {});
  }
}
