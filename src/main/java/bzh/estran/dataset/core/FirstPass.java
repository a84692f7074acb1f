package bzh.estran.dataset.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The first pass: the histogram of classes at the finest levels, and the subjects read. */
record FirstPass(
    Layout layout, Histogram histogram, SubjectCounter subjects, boolean tooManyClasses) {

  /** A batch of rows with, per row, its finest keys, sensitive value hashes and subject hash. */
  private static final class Batch extends RowBatch {
    final String[][] finest;
    final long[][] values;
    final long[] subjects;

    Batch(int capacity, int width, int quasiIdentifiers, int sensitives) {
      super(capacity, width);
      finest = new String[capacity][quasiIdentifiers];
      values = new long[capacity][sensitives];
      subjects = new long[capacity];
    }
  }

  static FirstPass read(RawTable raw, DatasetPolicy policy, int maxClasses, Parallelism parallelism)
      throws IOException {
    CsvRows csv = new CsvRows(raw.open());
    Layout layout;
    try {
      layout = Layout.of(policy, csv.header());
    } catch (RuntimeException e) {
      csv.close();
      throw e;
    }
    List<Layout.QuasiIdentifier> quasiIdentifiers = layout.quasiIdentifiers;
    int count = quasiIdentifiers.size();
    int sensitives = layout.sensitives.size();
    Histogram histogram = new Histogram(count, sensitives, 2 * policy.k(), 2 * policy.l());
    SubjectCounter subjects = new SubjectCounter();
    List<Coarsening> used = new ArrayList<>();
    quasiIdentifiers.forEach(qi -> used.add(qi.coarsening()));
    layout.sensitives.stream()
        .filter(s -> s.generalised() >= 0)
        .forEach(s -> used.add(layout.generalised.get(s.generalised()).coarsening()));
    try (RowPipeline<Batch> pipeline =
        new RowPipeline<>(
            csv,
            parallelism,
            () -> new Batch(parallelism.batchRows(), layout.width, count, sensitives),
            () -> batch -> derive(layout, batch),
            () -> used.stream().allMatch(Coarsening::settled))) {
      Batch batch;
      while ((batch = pipeline.next()) != null) {
        for (int r = 0; r < batch.valid(); r++) {
          int[] codes = new int[count];
          String[] finest = batch.finest[r];
          for (int d = 0; d < count; d++) {
            codes[d] = histogram.code(d, finest[d]);
          }
          long subject = batch.subjects[r];
          subjects.add(subject);
          histogram.add(new ClassKey(codes), subject, batch.values[r]);
          if (histogram.classes.size() > maxClasses) {
            return new FirstPass(layout, histogram, subjects, true);
          }
        }
        batch.rethrowFailure();
      }
      return new FirstPass(layout, histogram, subjects, false);
    }
  }

  /** What depends on the row alone; on any thread. */
  private static void derive(Layout layout, Batch batch) {
    List<Layout.QuasiIdentifier> quasiIdentifiers = layout.quasiIdentifiers;
    int r = 0;
    try {
      for (; r < batch.size; r++) {
        String[] row = batch.rows[r];
        long line = batch.lines[r];
        String[] finest = batch.finest[r];
        for (int d = 0; d < finest.length; d++) {
          Layout.QuasiIdentifier qi = quasiIdentifiers.get(d);
          finest[d] = RowValues.finest(qi.coarsening(), row, qi.column(), line);
          finest[d].hashCode(); // computed here, kept in the string for the dictionary's lookup
        }
        long[] values = batch.values[r];
        for (int i = 0; i < values.length; i++) {
          values[i] = Pseudonyms.valueHash(RowValues.sensitive(layout, i, row, line));
        }
        batch.subjects[r] = RowValues.subject(layout, row, batch.firstNumber + r);
      }
    } catch (RuntimeException e) {
      batch.fail(r, e);
    }
  }
}
