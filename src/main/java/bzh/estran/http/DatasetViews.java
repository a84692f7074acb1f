package bzh.estran.http;

import bzh.estran.dataset.DatasetService;
import bzh.estran.dataset.core.ColumnInfo;
import bzh.estran.dataset.core.Dataset;
import bzh.estran.dataset.core.DatasetRun;
import bzh.estran.dataset.core.DatasetVersion;
import bzh.estran.dataset.core.Provenance;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON shapes of datasets, versions and runs. No view carries a dataset's secret. */
final class DatasetViews {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private DatasetViews() {}

  record PeriodView(LocalDate from, LocalDate to) {}

  record ProvenanceView(String producer, String source, PeriodView period) {
    static ProvenanceView of(Provenance p) {
      return new ProvenanceView(
          p.producer(), p.source(), new PeriodView(p.periodFrom(), p.periodTo()));
    }
  }

  /** A catalog entry: the dataset and its newest published, non-withdrawn version. */
  record DatasetView(
      String name,
      String title,
      String description,
      Integer version,
      String ref,
      String licence,
      Long rows,
      Long bytes,
      String sha256,
      List<ColumnInfo> columns,
      ProvenanceView provenance,
      Instant publishedAt) {
    static DatasetView of(DatasetService.Entry entry) {
      Dataset d = entry.dataset();
      DatasetVersion v = entry.latest().orElse(null);
      return new DatasetView(
          d.name(),
          d.title(),
          d.description(),
          v == null ? null : v.version(),
          v == null ? null : v.ref(),
          v == null ? d.licence() : v.licence(),
          v == null ? null : v.rows(),
          v == null ? null : v.bytes(),
          v == null ? null : v.sha256(),
          v == null ? List.of() : v.columns(),
          ProvenanceView.of(v == null ? d.provenance() : v.provenance()),
          v == null ? null : v.publishedAt());
    }
  }

  /** One dataset with its versions. */
  record DatasetDetailsView(
      String name,
      String title,
      String description,
      Integer version,
      String ref,
      String licence,
      Long rows,
      Long bytes,
      String sha256,
      List<ColumnInfo> columns,
      ProvenanceView provenance,
      Instant publishedAt,
      List<VersionView> versions) {
    static DatasetDetailsView of(DatasetService.Entry entry) {
      DatasetView head = DatasetView.of(entry);
      return new DatasetDetailsView(
          head.name(),
          head.title(),
          head.description(),
          head.version(),
          head.ref(),
          head.licence(),
          head.rows(),
          head.bytes(),
          head.sha256(),
          head.columns(),
          head.provenance(),
          head.publishedAt(),
          entry.versions().stream().map(VersionView::of).toList());
    }
  }

  /** A published version, immutable but for its withdrawal. */
  record VersionView(
      String dataset,
      int version,
      String ref,
      String sha256,
      long bytes,
      long rows,
      List<ColumnInfo> columns,
      String licence,
      ProvenanceView provenance,
      Instant publishedAt,
      Instant withdrawnAt,
      UUID run) {
    static VersionView of(DatasetVersion v) {
      return new VersionView(
          v.name(),
          v.version(),
          v.ref(),
          v.sha256(),
          v.bytes(),
          v.rows(),
          v.columns(),
          v.licence(),
          ProvenanceView.of(v.provenance()),
          v.publishedAt(),
          v.withdrawnAt(),
          v.runId());
    }
  }

  /** A run with its report (as the engine wrote it) and its summaries in French and English. */
  record RunView(
      UUID id,
      String dataset,
      String state,
      String policy,
      Long rawBytes,
      Long rowsOut,
      List<ColumnInfo> columns,
      List<String> refusals,
      String failure,
      Integer publishedVersion,
      Map<String, String> summary,
      JsonNode report,
      Instant createdAt,
      Instant startedAt,
      Instant endedAt) {
    static RunView of(DatasetRun run) {
      Map<String, String> summary =
          run.summaryFr() == null ? Map.of() : Map.of("fr", run.summaryFr(), "en", run.summaryEn());
      return new RunView(
          run.id(),
          run.dataset(),
          run.state().name(),
          run.policy(),
          run.rawBytes(),
          run.rowsOut(),
          run.columns(),
          run.refusals(),
          run.failure(),
          run.publishedVersion(),
          summary,
          run.reportJson() == null ? null : JSON.readTree(run.reportJson()),
          run.createdAt(),
          run.startedAt(),
          run.endedAt());
    }
  }

  record StewardView(UUID user, boolean dataSteward) {}
}
