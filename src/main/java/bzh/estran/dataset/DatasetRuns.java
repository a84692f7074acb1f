package bzh.estran.dataset;

import bzh.estran.auth.core.Principal;
import bzh.estran.dataset.core.Anonymiser;
import bzh.estran.dataset.core.ColumnInfo;
import bzh.estran.dataset.core.Dataset;
import bzh.estran.dataset.core.DatasetPolicy;
import bzh.estran.dataset.core.DatasetRun;
import bzh.estran.dataset.core.DatasetVersion;
import bzh.estran.dataset.core.Outcome;
import bzh.estran.dataset.core.PolicyException;
import bzh.estran.dataset.core.PolicyParser;
import bzh.estran.dataset.core.RawDataException;
import bzh.estran.dataset.core.RunState;
import bzh.estran.errors.Conflict;
import bzh.estran.errors.InvalidRequest;
import bzh.estran.errors.NotFound;
import bzh.estran.errors.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anonymisation runs: a run is created with its policy (checked at once), receives its raw CSV
 * (streamed to a file the run owns, gzip accepted), runs in the background, and ends SUCCEEDED (its
 * output stored, ready to publish), REFUSED (with the report saying why) or FAILED. The raw file is
 * deleted when the run ends, whatever happens. Publishing a succeeded run makes the next immutable
 * version of its dataset.
 */
public final class DatasetRuns implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DatasetRuns.class);
  private static final int MAX_POLICY_CHARS = 1 << 20;

  /** Runs started before replicas were recorded are taken for dead after this. */
  private static final Duration UNRECORDED_GRACE = Duration.ofHours(1);

  private final Jdbi jdbi;
  private final Stewards stewards;
  private final DatasetStore store;
  private final RunFiles files;
  private final Clock clock;
  private final JsonMapper json = JsonMapper.builder().build();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "estran-dataset-run");
            thread.setDaemon(true);
            return thread;
          });

  private final String replica;
  private final Duration replicaTimeout;

  /**
   * @param replica this replica's id (its heartbeat in {@code replicas})
   * @param replicaTimeout how long a replica may be silent before its runs are taken for dead
   */
  public DatasetRuns(
      Jdbi jdbi,
      Stewards stewards,
      DatasetStore store,
      RunFiles files,
      Clock clock,
      String replica,
      Duration replicaTimeout) {
    this.jdbi = jdbi;
    this.stewards = stewards;
    this.store = store;
    this.files = files;
    this.clock = clock;
    this.replica = replica;
    this.replicaTimeout = replicaTimeout;
  }

  /**
   * Fails the runs a dead replica left RUNNING (their raw upload lived on its disk, so no other
   * replica can take them over), then deletes run directories in the work dir whose run has ended
   * (left by a replica that died on this disk). Called on each heartbeat; returns how many runs
   * were failed.
   */
  public int failOrphaned() {
    Instant now = clock.instant();
    int failed =
        jdbi.withExtension(
            DatasetDao.class,
            dao ->
                dao.failOrphaned(
                    replicaTimeout.toMillis() / 1000.0,
                    now.minus(UNRECORDED_GRACE),
                    "the replica running it stopped",
                    now));
    if (failed > 0) {
      LOG.warn("{} anonymisation run(s) FAILED: the replica running them stopped", failed);
    }
    files.deleteLeftovers(
        ids -> jdbi.withExtension(DatasetDao.class, dao -> dao.known(ids)),
        () ->
            Set.copyOf(
                jdbi.withExtension(
                    DatasetDao.class,
                    dao -> dao.liveReplicas(replicaTimeout.toMillis() / 1000.0))));
    return failed;
  }

  /**
   * Creates a run of the dataset with this policy (YAML or JSON), waiting for its data. A policy
   * the engine refuses is a {@code 400} naming each problem as {@code policy.<where>}.
   */
  public DatasetRun create(Principal caller, String name, String policy) {
    stewards.requireCurator(caller);
    Dataset dataset = dataset(name);
    if (policy == null || policy.isBlank()) {
      throw InvalidRequest.field(
          "policy",
          Problem.of(
              "is_required_send_the_policy_yaml_or_json_as_the_body",
              "is required: send the policy (YAML or JSON) as the body"));
    }
    if (policy.length() > MAX_POLICY_CHARS) {
      throw InvalidRequest.field("policy", Problem.untranslated("must be at most 1 MiB"));
    }
    parse(policy);
    UUID id = UUID.randomUUID();
    jdbi.useExtension(
        DatasetDao.class,
        dao -> dao.insertRun(id, dataset.id(), policy, caller.id(), clock.instant()));
    return run(id);
  }

  /**
   * Streams the raw CSV (plain or gzip) into a file owned by the run, then starts the run in the
   * background. {@link Conflict} when the run already has its data. If the upload breaks, the run
   * is FAILED and the file deleted.
   */
  public DatasetRun upload(Principal caller, String name, UUID runId, InputStream body) {
    stewards.requireCurator(caller);
    DatasetRun run = runOf(name, runId);
    if (jdbi.withExtension(DatasetDao.class, dao -> dao.start(run.id(), clock.instant(), replica))
        == 0) {
      throw new Conflict("Run " + runId + " is " + run.state() + "; it takes its data only once.");
    }
    RunFiles.RunDir dir = null;
    try {
      dir = files.open(runId, replica);
      long bytes = dir.receive(body);
      jdbi.useExtension(DatasetDao.class, dao -> dao.recordRawBytes(runId, bytes));
      RunFiles.RunDir owned = dir;
      worker.execute(new Job(run, owned));
      dir = null; // the worker owns it now
    } catch (IOException | RuntimeException e) {
      String why =
          e instanceof RejectedExecutionException
              ? "Estran stopped before the run could start"
              : "the upload broke off: " + e.getMessage();
      end(runId, RunState.FAILED, null, null, why, List.of(), null, null);
      if (e instanceof RuntimeException runtime && !(e instanceof RejectedExecutionException)) {
        throw runtime;
      }
      throw InvalidRequest.field("body", Problem.untranslated(why));
    } finally {
      if (dir != null) {
        dir.close();
      }
    }
    return run(runId);
  }

  /** One run of the dataset (curators only). */
  public DatasetRun get(Principal caller, String name, UUID runId) {
    stewards.requireCurator(caller);
    return runOf(name, runId);
  }

  /** The runs of a dataset, newest first (curators only). */
  public List<DatasetRun> list(Principal caller, String name) {
    stewards.requireCurator(caller);
    Dataset dataset = dataset(name);
    return jdbi.withExtension(DatasetDao.class, dao -> dao.runs(dataset.id()));
  }

  /**
   * Publishes a succeeded run as the dataset's next version, with the dataset's licence and
   * provenance as they are now. {@link Conflict} when the run did not succeed or is published.
   */
  public DatasetVersion publish(Principal caller, String name, UUID runId) {
    stewards.requireCurator(caller);
    DatasetRun run = runOf(name, runId);
    if (run.publishedVersion() != null) {
      throw new Conflict(
          "Run " + runId + " is published already as version " + run.publishedVersion() + ".");
    }
    if (run.state() != RunState.SUCCEEDED) {
      throw new Conflict(
          "Run " + runId + " is " + run.state() + "; only a SUCCEEDED run can be published.");
    }
    return jdbi.inTransaction(
        handle -> {
          handle
              .createQuery("select id from datasets where id = :id for update")
              .bind("id", run.datasetId())
              .mapTo(UUID.class)
              .one();
          DatasetDao dao = handle.attach(DatasetDao.class);
          if (dao.run(runId).orElseThrow().publishedVersion() != null) {
            throw new Conflict("Run " + runId + " was published meanwhile.");
          }
          int version = dao.nextVersion(run.datasetId());
          dao.publish(runId, version, caller.id(), clock.instant());
          return dao.version(run.datasetId(), version).orElseThrow();
        });
  }

  private void execute(DatasetRun run, RunFiles.RunDir dir) {
    try (dir) {
      DatasetPolicy policy = PolicyParser.parse(run.policy());
      byte[] key = jdbi.withExtension(DatasetDao.class, dao -> dao.secretOf(run.datasetId()));
      Outcome outcome;
      try (var out = dir.output()) {
        outcome = new Anonymiser(policy, key).run(dir::openRaw, out);
      }
      String report = json.writeValueAsString(outcome.report());
      String fr = outcome.report().summary(Locale.FRENCH);
      String en = outcome.report().summary(Locale.ENGLISH);
      if (!outcome.publishable()) {
        end(
            run.id(),
            RunState.REFUSED,
            report,
            new String[] {fr, en},
            null,
            outcome.refusals(),
            null,
            null);
        return;
      }
      DatasetStore.StoredBlob blob;
      try (InputStream in = dir.readOutput()) {
        blob = store.write(in);
      }
      List<ColumnInfo> columns =
          outcome.columns().stream()
              .map(c -> new ColumnInfo(c.name(), c.type(), c.treatment()))
              .toList();
      end(
          run.id(),
          RunState.SUCCEEDED,
          report,
          new String[] {fr, en},
          null,
          List.of(),
          columns,
          new Ended(outcome.rowsOut(), blob.id()));
    } catch (RawDataException e) {
      end(
          run.id(),
          RunState.FAILED,
          null,
          null,
          "the CSV does not match the policy: " + e.getMessage(),
          List.of(),
          null,
          null);
    } catch (PolicyException e) {
      end(
          run.id(),
          RunState.FAILED,
          null,
          null,
          "the policy is invalid: " + e.problems(),
          List.of(),
          null,
          null);
    } catch (IOException e) {
      end(
          run.id(),
          RunState.FAILED,
          null,
          null,
          "the CSV could not be read: " + e.getMessage(),
          List.of(),
          null,
          null);
    } catch (RuntimeException e) {
      LOG.error("Anonymisation run {} failed", run.id(), e);
      end(
          run.id(),
          RunState.FAILED,
          null,
          null,
          "an unexpected error ended the run",
          List.of(),
          null,
          null);
    }
  }

  private record Ended(long rowsOut, UUID blob) {}

  /** A run waiting for the worker, with the directory it owns. */
  private final class Job implements Runnable {
    private final DatasetRun run;
    private final RunFiles.RunDir dir;

    Job(DatasetRun run, RunFiles.RunDir dir) {
      this.run = run;
      this.dir = dir;
    }

    @Override
    public void run() {
      execute(run, dir);
    }

    /** Never started because Estran stops: FAILED, and its files deleted. */
    void abandon() {
      try (dir) {
        end(
            run.id(),
            RunState.FAILED,
            null,
            null,
            "Estran stopped before the run started",
            List.of(),
            null,
            null);
      } catch (RuntimeException e) {
        LOG.warn("Could not record the end of run {}", run.id(), e);
      }
    }
  }

  private void end(
      UUID id,
      RunState state,
      String report,
      String[] summaries,
      String failure,
      List<String> refusals,
      List<ColumnInfo> columns,
      Ended ended) {
    Instant now = clock.instant();
    jdbi.useExtension(
        DatasetDao.class,
        dao ->
            dao.end(
                id,
                state,
                report,
                summaries == null ? null : summaries[0],
                summaries == null ? null : summaries[1],
                json.writeValueAsString(refusals),
                failure,
                columns == null ? null : json.writeValueAsString(columns),
                ended == null ? null : ended.rowsOut(),
                ended == null ? null : ended.blob(),
                now));
  }

  /** Parses the policy, turning the engine's problems into field errors under {@code policy.}. */
  static DatasetPolicy parse(String policy) {
    try {
      return PolicyParser.parse(policy);
    } catch (PolicyException e) {
      Map<String, Problem> fields = new LinkedHashMap<>();
      e.problems()
          .forEach((where, why) -> fields.put("policy." + where, Problem.untranslated(why)));
      if (fields.isEmpty()) {
        fields.put("policy", Problem.untranslated(String.valueOf(e.getMessage())));
      }
      throw new InvalidRequest(fields);
    }
  }

  private Dataset dataset(String name) {
    return jdbi.withExtension(DatasetDao.class, dao -> dao.findDataset(name))
        .orElseThrow(() -> new NotFound("No dataset " + name + "."));
  }

  private DatasetRun runOf(String name, UUID runId) {
    Dataset dataset = dataset(name);
    return jdbi.withExtension(DatasetDao.class, dao -> dao.run(runId))
        .filter(run -> run.datasetId().equals(dataset.id()))
        .orElseThrow(() -> new NotFound("No run " + runId + " of " + name + "."));
  }

  private DatasetRun run(UUID id) {
    return jdbi.withExtension(DatasetDao.class, dao -> dao.run(id)).orElseThrow();
  }

  @Override
  public void close() {
    for (Runnable pending : worker.shutdownNow()) {
      ((Job) pending).abandon();
    }
  }
}
