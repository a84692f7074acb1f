package bzh.estran.dataset.core;

import java.io.ByteArrayOutputStream;
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
 * for what must not be published. Rows are treated and encoded in batches on any thread (see {@link
 * RowPipeline}); the checks, the subject count and the output are fed in file order.
 */
final class SecondPass {

  private static final CsvMapper MAPPER =
      CsvMapper.builder()
          .enable(tools.jackson.dataformat.csv.CsvWriteFeature.STRICT_CHECK_FOR_QUOTING)
          .build();

  private final Layout layout;
  private final Histogram histogram;
  private final byte[] pseudonymKey;
  private final int[] levels;
  private final String[][] labels;
  private final ColumnChecks[] checks;
  private final SubjectCounter subjects = new SubjectCounter();
  private long rowsOut;

  SecondPass(
      DatasetPolicy policy, Layout layout, Histogram histogram, byte[] pseudonymKey, int[] levels) {
    this.layout = layout;
    this.histogram = histogram;
    this.pseudonymKey = pseudonymKey;
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

  /** A batch of rows with, per row, whether it is published, its subject and published values. */
  private static final class Batch extends RowBatch {
    final boolean[] kept;
    final long[] subjects;
    final String[][] values;
    final int[][] inspected;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);

    Batch(int capacity, int width, int outputs) {
      super(capacity, width);
      kept = new boolean[capacity];
      subjects = new long[capacity];
      values = new String[capacity][outputs];
      inspected = new int[capacity][outputs];
    }
  }

  void write(RawTable raw, OutputStream out, Parallelism parallelism) throws IOException {
    CsvRows csv = new CsvRows(raw.open());
    try (JsonGenerator header = MAPPER.createGenerator(nonClosing(out), JsonEncoding.UTF8)) {
      header.writeStartArray();
      for (Layout.Output output : layout.outputs) {
        header.writeString(output.column().name());
      }
      header.writeEndArray();
    } catch (RuntimeException e) {
      csv.close();
      throw e;
    }
    List<Coarsening> used = new ArrayList<>();
    layout.quasiIdentifiers.forEach(qi -> used.add(qi.coarsening()));
    layout.generalised.stream()
        .filter(g -> g.quasiIdentifier() < 0)
        .forEach(g -> used.add(g.coarsening()));
    long number = 0;
    long endLine;
    try (RowPipeline<Batch> pipeline =
        new RowPipeline<>(
            csv,
            parallelism,
            () -> new Batch(parallelism.batchRows(), layout.width, layout.outputs.size()),
            () -> new Deriver(new Pseudonyms(pseudonymKey)),
            () -> used.stream().allMatch(Coarsening::settled))) {
      Batch batch;
      do {
        batch = pipeline.next();
        for (int r = 0; r < batch.valid(); r++) {
          number++;
          if (!batch.kept[r]) {
            continue;
          }
          long subject = batch.subjects[r];
          subjects.add(subject);
          String[] values = batch.values[r];
          int[] inspected = batch.inspected[r];
          for (int i = 0; i < values.length; i++) {
            if (checks[i] != null) {
              checks[i].count(values[i], inspected[i], subject);
            }
          }
          rowsOut++;
        }
        batch.bytes.writeTo(out);
        batch.rethrowFailure();
      } while (!batch.last);
      endLine = batch.endLine;
    }
    if (number != histogram.rows) {
      throw changed(endLine);
    }
  }

  /** What depends on the row alone, the output bytes included; one per thread. */
  private final class Deriver implements RowPipeline.Deriver<Batch> {

    private final Pseudonyms pseudonyms;
    private final String[] published = new String[layout.generalised.size()];

    Deriver(Pseudonyms pseudonyms) {
      this.pseudonyms = pseudonyms;
    }

    @Override
    public void derive(Batch batch) {
      batch.bytes.reset();
      int r = 0;
      try (JsonGenerator csv = MAPPER.createGenerator(batch.bytes, JsonEncoding.UTF8)) {
        try {
          for (; r < batch.size; r++) {
            derive(batch, r, csv);
          }
        } catch (RuntimeException e) {
          batch.fail(r, e);
        }
      }
    }

    private void derive(Batch batch, int r, JsonGenerator csv) {
      String[] row = batch.rows[r];
      long line = batch.lines[r];
      int[] codes = new int[levels.length];
      for (int d = 0; d < codes.length; d++) {
        Layout.QuasiIdentifier qi = layout.quasiIdentifiers.get(d);
        codes[d] =
            histogram.knownCode(d, RowValues.finest(qi.coarsening(), row, qi.column(), line));
        if (codes[d] < 0) {
          throw changed(line);
        }
      }
      ClassStats stats = histogram.classes.get(new ClassKey(codes));
      if (stats == null) {
        throw changed(line);
      }
      batch.kept[r] = !stats.suppressed;
      if (stats.suppressed) {
        return;
      }
      batch.subjects[r] = RowValues.subject(layout, row, batch.firstNumber + r);
      publish(row, codes, published, line);
      String[] values = batch.values[r];
      int[] inspected = batch.inspected[r];
      csv.writeStartArray();
      for (int i = 0; i < values.length; i++) {
        String value = value(layout.outputs.get(i), row, published, pseudonyms);
        values[i] = value;
        if (checks[i] != null) {
          inspected[i] = checks[i].inspect(value);
        }
        csv.writeString(value);
      }
      csv.writeEndArray();
    }
  }

  private void publish(String[] row, int[] codes, String[] published, long line) {
    for (int g = 0; g < published.length; g++) {
      Layout.Generalised generalised = layout.generalised.get(g);
      if (generalised.quasiIdentifier() >= 0) {
        published[g] = labels[generalised.quasiIdentifier()][codes[generalised.quasiIdentifier()]];
      } else {
        try {
          published[g] = generalised.coarsening().publish(row, generalised.fixedLevel());
        } catch (IllegalArgumentException e) {
          throw new RawDataException(line, e.getMessage());
        }
      }
    }
  }

  private static String value(
      Layout.Output output, String[] row, String[] published, Pseudonyms pseudonyms) {
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

  private static RawDataException changed(long line) {
    return new RawDataException(line, "the raw table changed between the two passes");
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
