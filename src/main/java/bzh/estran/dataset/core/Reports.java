package bzh.estran.dataset.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report and the outcome of a run, from its passes and the node the search chose. */
final class Reports {

  private final DatasetPolicy policy;
  private final Layout layout;
  private final FirstPass first;
  private final LatticeSearch search;

  Reports(DatasetPolicy policy, Layout layout, FirstPass first, LatticeSearch search) {
    this.policy = policy;
    this.layout = layout;
    this.first = first;
    this.search = search;
  }

  Outcome outcome(
      LatticeSearch.Node node,
      long rowsOut,
      SubjectCounter subjectsOut,
      List<AnonymisationReport.Refusal> refusals) {
    long rowsIn = first.histogram().rows;
    AnonymisationReport report =
        new AnonymisationReport(
            policy.name(),
            requirements(),
            new AnonymisationReport.Rows(rowsIn, rowsOut, rowsIn - rowsOut),
            new AnonymisationReport.Subjects(
                policy.subject().orElse(null),
                first.subjects().count(),
                subjectsOut.count(),
                first.subjects().exact() && subjectsOut.exact()),
            node.classes(),
            node.classes() == 0 ? null : node.smallest(),
            rowsIn == 0 ? 0 : (rowsIn - rowsOut) / (double) rowsIn,
            node.loss(),
            levels(node),
            diversity(node),
            layout.treatments,
            search.evaluated(),
            refusals);
    return new Outcome(
        refusals.isEmpty(), messages(refusals), report, columns(node.levels()), rowsOut);
  }

  Outcome refusedOutcome(
      LatticeSearch.Node node, long evaluated, List<AnonymisationReport.Refusal> refusals) {
    long rowsIn = first.histogram().rows;
    AnonymisationReport report =
        new AnonymisationReport(
            policy.name(),
            requirements(),
            new AnonymisationReport.Rows(rowsIn, 0, rowsIn),
            new AnonymisationReport.Subjects(
                policy.subject().orElse(null),
                first.subjects().count(),
                0,
                first.subjects().exact()),
            0,
            null,
            rowsIn == 0 ? 0 : 1,
            1,
            node == null ? List.of() : levels(node),
            node == null ? List.of() : diversity(node),
            layout.treatments,
            evaluated,
            refusals);
    return new Outcome(
        false,
        messages(refusals),
        report,
        columns(node == null ? new int[layout.quasiIdentifiers.size()] : node.levels()),
        0);
  }

  private AnonymisationReport.Requirements requirements() {
    return new AnonymisationReport.Requirements(policy.k(), policy.l(), policy.maxSuppression());
  }

  private List<AnonymisationReport.QuasiIdentifierLevel> levels(LatticeSearch.Node node) {
    List<AnonymisationReport.QuasiIdentifierLevel> levels = new ArrayList<>();
    for (int d = 0; d < layout.quasiIdentifiers.size(); d++) {
      Layout.QuasiIdentifier qi = layout.quasiIdentifiers.get(d);
      levels.add(
          new AnonymisationReport.QuasiIdentifierLevel(
              qi.column(),
              label(qi.column(), node.levels()[d]),
              qi.auto(),
              search == null ? 0 : search.loss(d, node.levels()[d])));
    }
    return levels;
  }

  private String label(String column, int level) {
    List<String> labels = PolicyRules.levels(policy.column(column).orElseThrow());
    return level < labels.size() ? labels.get(level) : Generalisation.WITHHELD;
  }

  private List<AnonymisationReport.Diversity> diversity(LatticeSearch.Node node) {
    List<AnonymisationReport.Diversity> diversity = new ArrayList<>();
    for (int i = 0; i < layout.sensitives.size(); i++) {
      int reached = node.lReached()[i];
      diversity.add(
          new AnonymisationReport.Diversity(
              layout.sensitives.get(i).column(), reached == Integer.MAX_VALUE ? null : reached));
    }
    return diversity;
  }

  private List<PublishedColumn> columns(int[] levels) {
    List<PublishedColumn> columns = new ArrayList<>();
    for (Layout.Output output : layout.outputs) {
      PublishedColumn column = output.column();
      if (output.treatment() == Treatment.GENERALISE) {
        Layout.Generalised g = layout.generalised.get(output.source());
        int level = g.quasiIdentifier() >= 0 ? levels[g.quasiIdentifier()] : g.fixedLevel();
        String lead =
            g.quasiIdentifier() >= 0
                ? layout.quasiIdentifiers.get(g.quasiIdentifier()).column()
                : column.name();
        String label = label(lead(lead, column.name()), level);
        column =
            new PublishedColumn(column.name(), column.type(), column.treatment() + ":" + label);
      }
      columns.add(column);
    }
    return columns;
  }

  /** The column whose levels a published column follows (a longitude follows its latitude). */
  private String lead(String quasiIdentifier, String column) {
    return policy
        .column(column)
        .flatMap(ColumnPolicy::generalisation)
        .filter(Generalisation.LongitudeOf.class::isInstance)
        .map(g -> ((Generalisation.LongitudeOf) g).latitude())
        .orElse(quasiIdentifier);
  }

  private static List<String> messages(List<AnonymisationReport.Refusal> refusals) {
    return refusals.stream().map(r -> r.message(Locale.ENGLISH)).toList();
  }
}
