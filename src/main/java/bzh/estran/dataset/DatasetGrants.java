package bzh.estran.dataset;

import bzh.estran.dataset.core.Dataset;
import bzh.estran.dataset.core.DatasetRef;
import bzh.estran.dataset.core.DatasetVersion;
import bzh.estran.dataset.core.Readme;
import bzh.estran.errors.FieldErrors;
import bzh.estran.errors.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * What the sandbox feature asks of datasets: resolving {@code name} or {@code name@version} for a
 * new sandbox (withdrawn versions refused), recording what it was given in its admission
 * transaction, and what its loaders must fetch, with their token.
 */
public final class DatasetGrants {

  private final Jdbi jdbi;
  private final LoaderTokens tokens;

  public DatasetGrants(Jdbi jdbi, LoaderTokens tokens) {
    this.jdbi = jdbi;
    this.tokens = tokens;
  }

  /** One version a sandbox's loader fetches, with the README written beside it. */
  public record Load(DatasetVersion version, String readme) {}

  /**
   * The versions {@code refs} name, in order, each problem recorded as {@code datasets[i]}:
   * malformed, unknown, unpublished, withdrawn, named twice. {@code capacityBytes} is what the
   * template's data volume holds (0: the template takes no data).
   */
  public List<DatasetVersion> resolve(
      List<String> refs, long capacityBytes, String template, FieldErrors errors) {
    if (refs == null || refs.isEmpty()) {
      return List.of();
    }
    if (capacityBytes <= 0) {
      errors.add(
          "datasets",
          Problem.of(
              "template_takes_no_datasets",
              "cannot load {0}: template {1} takes no datasets (data-lab does)",
              refs,
              template));
      return List.of();
    }
    List<DatasetVersion> resolved = new ArrayList<>();
    Set<UUID> seen = new HashSet<>();
    jdbi.useHandle(
        handle -> {
          DatasetDao dao = handle.attach(DatasetDao.class);
          for (int i = 0; i < refs.size(); i++) {
            String field = "datasets[" + i + "]";
            Optional<DatasetRef> ref = DatasetRef.parse(refs.get(i));
            if (ref.isEmpty()) {
              errors.add(
                  field,
                  Problem.of(
                      "must_be_a_dataset_name_or_name_version_such_as_air_quality_1",
                      "must be a dataset name or name@version, such as air-quality@1"));
              continue;
            }
            Optional<DatasetVersion> version = version(dao, ref.get(), field, errors);
            if (version.isEmpty()) {
              continue;
            }
            if (!seen.add(version.get().datasetId())) {
              errors.add(
                  field,
                  Problem.of("dataset_twice", "names dataset {0} a second time", ref.get().name()));
              continue;
            }
            resolved.add(version.get());
          }
        });
    long total = resolved.stream().mapToLong(DatasetVersion::bytes).sum();
    if (total > capacityBytes) {
      errors.add(
          "datasets",
          Problem.of(
              "datasets_too_big",
              "need {0} MiB, more than the {1} MiB data volume of template {2}",
              mebibytes(total),
              mebibytes(capacityBytes),
              template));
    }
    return List.copyOf(resolved);
  }

  private static Optional<DatasetVersion> version(
      DatasetDao dao, DatasetRef ref, String field, FieldErrors errors) {
    Optional<Dataset> dataset = dao.findDataset(ref.name());
    List<DatasetVersion> versions = dataset.map(d -> dao.versions(d.id())).orElse(List.of());
    if (versions.isEmpty()) {
      errors.add(field, Problem.of("names_no_published_dataset", "names no published dataset"));
      return Optional.empty();
    }
    if (ref.version().isEmpty()) {
      Optional<DatasetVersion> latest = versions.stream().filter(v -> !v.withdrawn()).findFirst();
      if (latest.isEmpty()) {
        errors.add(
            field,
            Problem.of("dataset_all_withdrawn", "every version of {0} is withdrawn", ref.name()));
      }
      return latest;
    }
    int wanted = ref.version().get();
    Optional<DatasetVersion> exact =
        versions.stream().filter(v -> v.version() == wanted).findFirst();
    if (exact.isEmpty()) {
      errors.add(
          field, Problem.of("dataset_no_version", "names no published version of {0}", ref.name()));
    } else if (exact.get().withdrawn()) {
      errors.add(
          field,
          Problem.of(
              "dataset_version_withdrawn",
              "{0} was withdrawn: new sandboxes can no longer ask for it",
              DatasetRef.format(ref.name(), wanted)));
      return Optional.empty();
    }
    return exact;
  }

  /** Records, in the sandbox's admission transaction, the versions it was given. */
  public void grant(Handle handle, UUID sandbox, List<DatasetVersion> versions, Instant now) {
    DatasetDao dao = handle.attach(DatasetDao.class);
    for (int i = 0; i < versions.size(); i++) {
      DatasetVersion version = versions.get(i);
      dao.grant(sandbox, version.datasetId(), version.version(), i, now);
    }
  }

  /** The grants of several new sandboxes (each with the versions it asked for), in one batch. */
  public void grantAll(Handle handle, Map<UUID, List<DatasetVersion>> bySandbox, Instant now) {
    PreparedBatch batch = handle.prepareBatch(DatasetDao.GRANT);
    bySandbox.forEach(
        (sandbox, versions) -> {
          for (int i = 0; i < versions.size(); i++) {
            batch
                .bind("sandbox", sandbox)
                .bind("dataset", versions.get(i).datasetId())
                .bind("version", versions.get(i).version())
                .bind("position", i)
                .bind("now", now)
                .add();
          }
        });
    if (batch.size() > 0) {
      batch.execute();
    }
  }

  /** What the sandbox's loaders fetch, in the order it asked. */
  public List<Load> loadsOf(UUID sandbox) {
    return jdbi.withHandle(
        handle -> {
          DatasetDao dao = handle.attach(DatasetDao.class);
          return dao.granted(sandbox).stream()
              .map(v -> new Load(v, Readme.of(dao.findDatasetById(v.datasetId()).orElseThrow(), v)))
              .toList();
        });
  }

  /** The token the sandbox's loader Jobs present; worth nothing once the sandbox has ended. */
  public String loaderToken(UUID sandbox) {
    return tokens.issue(sandbox);
  }

  private static long mebibytes(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }
}
