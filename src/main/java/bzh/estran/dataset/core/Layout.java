package bzh.estran.dataset.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A policy laid over a raw header: which raw column each treatment reads, the quasi-identifiers,
 * the sensitive columns, and the published columns in order. A header column the policy forgets, or
 * a policy column the header lacks, is refused.
 */
final class Layout {

  /** A quasi-identifier: its hierarchy and the levels the search may choose from. */
  record QuasiIdentifier(String column, Coarsening coarsening, int[] candidates, boolean auto) {}

  /** A generalised column (or pair) published at a fixed level or at its quasi-identifier's. */
  record Generalised(Coarsening coarsening, int quasiIdentifier, int fixedLevel, int width) {}

  /** A sensitive column: the raw column, or the generalised column it is published as. */
  record Sensitive(String column, int index, int generalised) {}

  /** A published column: {@code source} is a raw column index or a generalised one. */
  record Output(PublishedColumn column, Treatment treatment, int source, int part) {}

  final List<QuasiIdentifier> quasiIdentifiers = new ArrayList<>();
  final List<Generalised> generalised = new ArrayList<>();
  final List<Sensitive> sensitives = new ArrayList<>();
  final List<Output> outputs = new ArrayList<>();
  final List<AnonymisationReport.ColumnTreatment> treatments = new ArrayList<>();
  final List<Integer> checkedColumns = new ArrayList<>();
  final int subject;
  final int width;

  private Layout(DatasetPolicy policy, String[] header) {
    Map<String, Integer> index = index(policy, header);
    this.width = header.length;
    this.subject = policy.subject().map(index::get).orElse(-1);
    Map<String, Integer> generalisedByColumn = new HashMap<>();
    for (String name : header) {
      ColumnPolicy column = policy.column(name).orElseThrow();
      treatments.add(
          new AnonymisationReport.ColumnTreatment(
              name, treatment(column), column.quasiIdentifier(), column.sensitive()));
      column
          .generalisation()
          .filter(g -> !(g instanceof Generalisation.LongitudeOf))
          .ifPresent(g -> generalisedByColumn.put(name, addGeneralised(policy, column, g, index)));
    }
    for (int i = 0; i < header.length; i++) {
      ColumnPolicy column = policy.column(header[i]).orElseThrow();
      addOutput(column, i, generalisedByColumn);
      if (column.sensitive()) {
        sensitives.add(
            new Sensitive(column.name(), i, generalisedByColumn.getOrDefault(column.name(), -1)));
      }
    }
  }

  static Layout of(DatasetPolicy policy, String[] header) {
    return new Layout(policy, header);
  }

  List<PublishedColumn> columns() {
    return outputs.stream().map(Output::column).toList();
  }

  private static Map<String, Integer> index(DatasetPolicy policy, String[] header) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      if (index.put(header[i], i) != null) {
        throw new RawDataException(1, "the column " + header[i] + " appears twice in the header");
      }
    }
    Set<String> forgotten = new LinkedHashSet<>(index.keySet());
    policy.columnNames().forEach(forgotten::remove);
    if (!forgotten.isEmpty()) {
      throw new RawDataException(
          1, "the policy gives no treatment to the columns " + forgotten + ": none is kept");
    }
    Set<String> missing = new LinkedHashSet<>(policy.columnNames());
    missing.removeAll(index.keySet());
    if (!missing.isEmpty()) {
      throw new RawDataException(1, "the header lacks the policy's columns " + missing);
    }
    return index;
  }

  private int addGeneralised(
      DatasetPolicy policy, ColumnPolicy column, Generalisation g, Map<String, Integer> index) {
    int at = index.get(column.name());
    Coarsening coarsening = Coarsenings.of(policy, g, at, index);
    int width = g instanceof Generalisation.Grid || g instanceof Generalisation.Places ? 2 : 1;
    int level = levelIndex(column, coarsening);
    if (column.quasiIdentifier()) {
      addQuasiIdentifier(column, coarsening);
      generalised.add(new Generalised(coarsening, quasiIdentifiers.size() - 1, -1, width));
    } else {
      generalised.add(new Generalised(coarsening, -1, Math.max(level, 0), width));
    }
    if (!column.quasiIdentifier()) {
      checkedColumns.add(at);
    }
    return generalised.size() - 1;
  }

  private void addQuasiIdentifier(ColumnPolicy column, Coarsening coarsening) {
    int level = levelIndex(column, coarsening);
    int[] candidates;
    if (level < 0) {
      candidates = new int[coarsening.levels() + 1];
      for (int i = 0; i < candidates.length; i++) {
        candidates[i] = i;
      }
    } else {
      candidates = new int[] {level};
    }
    quasiIdentifiers.add(
        new QuasiIdentifier(column.name(), coarsening, candidates, column.autoLevel()));
  }

  /** The level index the policy fixes, or -1 for auto. */
  private static int levelIndex(ColumnPolicy column, Coarsening coarsening) {
    if (column.autoLevel()) {
      return -1;
    }
    if (Generalisation.WITHHELD.equals(column.level())) {
      return coarsening.levels();
    }
    return PolicyRules.levels(column).indexOf(column.level());
  }

  private void addOutput(ColumnPolicy column, int at, Map<String, Integer> generalisedByColumn) {
    switch (column.treatment()) {
      case DROP -> {}
      case PSEUDONYMISE ->
          outputs.add(
              new Output(
                  new PublishedColumn(column.name(), "string", "pseudonymise"),
                  Treatment.PSEUDONYMISE,
                  at,
                  0));
      case KEEP -> {
        if (column.quasiIdentifier()) {
          Coarsening value = new ValueCoarsening(at);
          addQuasiIdentifier(column, value);
          generalised.add(new Generalised(value, quasiIdentifiers.size() - 1, -1, 1));
          outputs.add(
              new Output(
                  new PublishedColumn(column.name(), "string", "keep"),
                  Treatment.GENERALISE,
                  generalised.size() - 1,
                  0));
        } else {
          checkedColumns.add(at);
          outputs.add(
              new Output(
                  new PublishedColumn(column.name(), "string", "keep"), Treatment.KEEP, at, 0));
        }
      }
      case GENERALISE -> {
        Generalisation g = column.generalisation().orElseThrow();
        String lead = g instanceof Generalisation.LongitudeOf of ? of.latitude() : column.name();
        outputs.add(
            new Output(
                new PublishedColumn(column.name(), type(g), "generalise"),
                Treatment.GENERALISE,
                generalisedByColumn.get(lead),
                g instanceof Generalisation.LongitudeOf ? 1 : 0));
      }
    }
  }

  private static String type(Generalisation g) {
    if (g instanceof Generalisation.Grid
        || g instanceof Generalisation.Places
        || g instanceof Generalisation.LongitudeOf) {
      return "number";
    }
    if (g instanceof Generalisation.Time) {
      return "timestamp";
    }
    return "category";
  }

  private static String treatment(ColumnPolicy column) {
    return column.treatment() == Treatment.GENERALISE
        ? "generalise:" + column.generalisation().map(Coarsenings::kind).orElse("")
        : column.treatment().label();
  }
}
