package bzh.estran.dataset;

import bzh.estran.auth.core.Principal;
import bzh.estran.dataset.core.Dataset;
import bzh.estran.dataset.core.DatasetRef;
import bzh.estran.dataset.core.DatasetVersion;
import bzh.estran.db.UniqueViolations;
import bzh.estran.errors.Conflict;
import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.NotFound;
import bzh.estran.errors.Problem;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * The dataset catalog: creating datasets (data stewards), listing and reading them (anyone signed
 * in sees published, non-withdrawn versions; curators see everything), withdrawing versions.
 */
public final class DatasetService {

  private static final int MAX_TEXT = 2000;

  private final Jdbi jdbi;
  private final Stewards stewards;
  private final Clock clock;
  private final SecureRandom random;

  public DatasetService(Jdbi jdbi, Stewards stewards, Clock clock, SecureRandom random) {
    this.jdbi = jdbi;
    this.stewards = stewards;
    this.clock = clock;
    this.random = random;
  }

  /** What a data steward sends to create a dataset; every field is required. */
  public record NewDataset(
      String name,
      String title,
      String description,
      String licence,
      String producer,
      String source,
      String periodFrom,
      String periodTo) {}

  /** A dataset with the versions the caller may see, newest first. */
  public record Entry(Dataset dataset, List<DatasetVersion> versions) {
    /** The newest non-withdrawn version, if any. */
    public Optional<DatasetVersion> latest() {
      return versions.stream().filter(v -> !v.withdrawn()).findFirst();
    }
  }

  /**
   * Creates a dataset with a fresh pseudonymisation secret (32 random bytes that never leave the
   * server). Bad fields are refused all at once; a taken name is a {@link Conflict}.
   */
  public Dataset create(Principal caller, NewDataset request) {
    stewards.requireCurator(caller);
    FieldErrors errors = new FieldErrors();
    if (errors.required("name", request.name()) && !DatasetRef.isName(request.name())) {
      errors.add(
          "name",
          Problem.of(
              "must_be_1_to_40_lower_case_letters_digits_or_inner_hyphens",
              "must be 1 to 40 lower-case letters, digits or inner hyphens"));
    }
    text("title", request.title(), errors);
    text("description", request.description(), errors);
    text("licence", request.licence(), errors);
    text("provenance.producer", request.producer(), errors);
    text("provenance.source", request.source(), errors);
    LocalDate from = date("provenance.period.from", request.periodFrom(), errors);
    LocalDate to = date("provenance.period.to", request.periodTo(), errors);
    if (from != null && to != null && to.isBefore(from)) {
      errors.add(
          "provenance.period.to",
          Problem.of(
              "must_not_be_before_provenance_period_from",
              "must not be before provenance.period.from"));
    }
    errors.throwIfAny();
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    return UniqueViolations.asConflict(
        () ->
            jdbi.inTransaction(
                handle -> {
                  DatasetDao dao = handle.attach(DatasetDao.class);
                  dao.insertDataset(
                      id,
                      request.name(),
                      request.title().strip(),
                      request.description().strip(),
                      request.licence().strip(),
                      request.producer().strip(),
                      request.source().strip(),
                      from,
                      to,
                      secret,
                      caller.id(),
                      now);
                  return dao.findDatasetById(id).orElseThrow();
                }),
        Problem.of("dataset_exists", "A dataset named {0} exists already.", request.name()));
  }

  /** How many datasets exist, published or not. */
  public int count() {
    return jdbi.withExtension(DatasetDao.class, DatasetDao::countDatasets);
  }

  /** The catalog: one entry per dataset with a published, non-withdrawn version, by name. */
  public List<Entry> catalog(Principal caller) {
    return jdbi.withHandle(
        handle -> {
          DatasetDao dao = handle.attach(DatasetDao.class);
          Map<UUID, DatasetVersion> latest =
              dao.latestVersions().stream()
                  .collect(Collectors.toMap(DatasetVersion::datasetId, Function.identity()));
          return latest.values().stream()
              .sorted(Comparator.comparing(DatasetVersion::name))
              .map(v -> new Entry(dao.findDatasetById(v.datasetId()).orElseThrow(), List.of(v)))
              .toList();
        });
  }

  /**
   * One dataset with its versions: for anyone signed in, the published non-withdrawn ones ({@link
   * NotFound} when there is none); for curators, every version, withdrawn ones included, and
   * datasets not published yet.
   */
  public Entry get(Principal caller, String name) {
    boolean curator = stewards.mayCurate(caller);
    return jdbi.withHandle(
        handle -> {
          DatasetDao dao = handle.attach(DatasetDao.class);
          NotFound unknown = new NotFound("No dataset " + name + ".");
          Dataset dataset = dao.findDataset(name).orElseThrow(() -> unknown);
          List<DatasetVersion> versions =
              dao.versions(dataset.id()).stream().filter(v -> curator || !v.withdrawn()).toList();
          if (!curator && versions.isEmpty()) {
            throw unknown;
          }
          return new Entry(dataset, versions);
        });
  }

  /**
   * Withdraws a version: new sandboxes can no longer ask for it (nor download it); sandboxes that
   * hold it keep what they loaded. Withdrawing twice is a {@link Conflict}.
   */
  public DatasetVersion withdraw(Principal caller, String name, String versionText) {
    stewards.requireCurator(caller);
    return jdbi.inTransaction(
        handle -> {
          DatasetDao dao = handle.attach(DatasetDao.class);
          Dataset dataset =
              dao.findDataset(name).orElseThrow(() -> new NotFound("No dataset " + name + "."));
          int version = versionNumber(versionText, name);
          DatasetVersion found =
              dao.version(dataset.id(), version)
                  .orElseThrow(
                      () -> new NotFound("No version " + versionText + " of " + name + "."));
          if (found.withdrawn()) {
            throw new Conflict(found.ref() + " was withdrawn at " + found.withdrawnAt() + ".");
          }
          dao.withdraw(dataset.id(), version, caller.id(), clock.instant());
          return dao.version(dataset.id(), version).orElseThrow();
        });
  }

  /** A version number from a path; anything else names nothing. */
  static int versionNumber(String text, String name) {
    return DatasetRef.parse(name + "@" + text)
        .flatMap(DatasetRef::version)
        .orElseThrow(() -> new NotFound("No version " + text + " of " + name + "."));
  }

  private static void text(String field, String value, FieldErrors errors) {
    if (errors.required(field, value) && value.length() > MAX_TEXT) {
      errors.add(
          field, Problem.of("at_most_characters", "must be at most {0} characters", MAX_TEXT));
    }
  }

  private static LocalDate date(String field, String value, FieldErrors errors) {
    if (!errors.required(field, value)) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      errors.add(
          field,
          Problem.of("must_be_a_date_such_as_2026_01_31", "must be a date such as 2026-01-31"));
      return null;
    }
  }
}
