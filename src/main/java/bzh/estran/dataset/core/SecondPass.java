package bzh.estran.dataset.core;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.dataformat.csv.CsvMapper;

/**
 * The second pass: each row's class is looked up in the histogram; rows of suppressed classes are
 * left out, the others are written with every column treated, and the published values are checked
 * for what must not be published.
 */
final class SecondPass {

  private static final CsvMapper MAPPER =
      CsvMapper.builder()
          .enable(tools.jackson.dataformat.csv.CsvWriteFeature.STRICT_CHECK_FOR_QUOTING)
          .build();

  private final Layout layout;
  private final Histogram histogram;
  private final Pseudonyms pseudonyms;
  private final int[] levels;
  private final String[][] labels;
  private final ColumnChecks[] checks;
  private final SubjectCounter subjects = new SubjectCounter();
  private long rowsOut;

  SecondPass(
      DatasetPolicy policy,
      Layout layout,
      Histogram histogram,
      Pseudonyms pseudonyms,
      int[] levels) {
    this.layout = layout;
    this.histogram = histogram;
    this.pseudonyms = pseudonyms;
    this.levels = levels.clone();
    this.labels = new String[levels.length][];
    for (int d = 0; d < levels.length; d++) {
      Coarsening coarsening = layout.quasiIdentifiers.get(d).coarsening();
      List<String> keys = histogram.keys.get(d);
      labels[d] = new String[keys.size()];
      for (int code = 0; code < keys.size(); code++) {
        labels[d][code] = coarsening.coarsen(keys.get(code), levels[d]);
      }
    }
    double finestGrid = finestGrid(policy);
    checks = new ColumnChecks[layout.outputs.size()];
    for (int i = 0; i < checks.length; i++) {
      Layout.Output output = layout.outputs.get(i);
      if (output.treatment() != Treatment.PSEUDONYMISE) {
        boolean quasiIdentifier =
            output.treatment() == Treatment.GENERALISE
                && layout.generalised.get(output.source()).quasiIdentifier() >= 0;
        checks[i] =
            new ColumnChecks(
                output.column().name(),
                layout.subject >= 0 && !quasiIdentifier,
                output.treatment() == Treatment.KEEP,
                finestGrid);
      }
    }
  }

  void write(RawTable raw, OutputStream out) throws IOException {
    try (CsvRows rows = new CsvRows(raw.open());
        JsonGenerator csv = MAPPER.createGenerator(nonClosing(out), JsonEncoding.UTF8)) {
      csv.writeStartArray();
      for (Layout.Output output : layout.outputs) {
        csv.writeString(output.column().name());
      }
      csv.writeEndArray();
      String[] row;
      long number = 0;
      String[] published = new String[layout.generalised.size()];
      while ((row = rows.next()) != null) {
        number++;
        int[] codes = new int[levels.length];
        for (int d = 0; d < codes.length; d++) {
          Layout.QuasiIdentifier qi = layout.quasiIdentifiers.get(d);
          codes[d] =
              histogram.knownCode(d, RowValues.finest(qi.coarsening(), row, qi.column(), rows));
          if (codes[d] < 0) {
            throw changed(rows);
          }
        }
        ClassStats stats = histogram.classes.get(new ClassKey(codes));
        if (stats == null) {
          throw changed(rows);
        }
        if (stats.suppressed) {
          continue;
        }
        long subject = RowValues.subject(layout, row, number);
        subjects.add(subject);
        publish(row, codes, published, rows);
        csv.writeStartArray();
        for (int i = 0; i < layout.outputs.size(); i++) {
          String value = value(layout.outputs.get(i), row, published);
          if (checks[i] != null) {
            checks[i].check(value, subject);
          }
          csv.writeString(value);
        }
        csv.writeEndArray();
        rowsOut++;
      }
      if (number != histogram.rows) {
        throw changed(rows);
      }
    }
  }

  private void publish(String[] row, int[] codes, String[] published, CsvRows rows) {
    for (int g = 0; g < published.length; g++) {
      Layout.Generalised generalised = layout.generalised.get(g);
      if (generalised.quasiIdentifier() >= 0) {
        published[g] = labels[generalised.quasiIdentifier()][codes[generalised.quasiIdentifier()]];
      } else {
        try {
          published[g] = generalised.coarsening().publish(row, generalised.fixedLevel());
        } catch (IllegalArgumentException e) {
          throw new RawDataException(rows.line(), e.getMessage());
        }
      }
    }
  }

  private String value(Layout.Output output, String[] row, String[] published) {
    return switch (output.treatment()) {
      case KEEP -> row[output.source()];
      case PSEUDONYMISE -> pseudonyms.pseudonym(row[output.source()]);
      default -> part(published[output.source()], output.part());
    };
  }

  private static String part(String value, int part) {
    int separator = value.indexOf(Coarsening.PAIR);
    if (separator < 0) {
      return value;
    }
    return part == 0 ? value.substring(0, separator) : value.substring(separator + 1);
  }

  private static RawDataException changed(CsvRows rows) {
    return new RawDataException(rows.line(), "the raw table changed between the two passes");
  }

  private static double finestGrid(DatasetPolicy policy) {
    return policy.columns().stream()
        .flatMap(c -> c.generalisation().stream())
        .filter(Generalisation.Grid.class::isInstance)
        .mapToDouble(g -> ((Generalisation.Grid) g).metres().get(0))
        .min()
        .orElse(100);
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  long rowsOut() {
    return rowsOut;
  }

  SubjectCounter subjectsOut() {
    return subjects;
  }

  List<AnonymisationReport.Refusal> refusals() {
    List<AnonymisationReport.Refusal> refusals = new ArrayList<>();
    for (ColumnChecks check : checks) {
      if (check != null) {
        refusals.addAll(check.refusals());
      }
    }
    return refusals;
  }
}
