package bzh.estran.dataset.core;

import java.io.IOException;
import java.util.List;

/** The first pass: the histogram of classes at the finest levels, and the subjects read. */
record FirstPass(
    Layout layout, Histogram histogram, SubjectCounter subjects, boolean tooManyClasses) {

  static FirstPass read(RawTable raw, DatasetPolicy policy, int maxClasses) throws IOException {
    try (CsvRows rows = new CsvRows(raw.open())) {
      Layout layout = Layout.of(policy, rows.header());
      List<Layout.QuasiIdentifier> quasiIdentifiers = layout.quasiIdentifiers;
      Histogram histogram =
          new Histogram(
              quasiIdentifiers.size(), layout.sensitives.size(), 2 * policy.k(), 2 * policy.l());
      SubjectCounter subjects = new SubjectCounter();
      long[] values = new long[layout.sensitives.size()];
      String[] row;
      long number = 0;
      while ((row = rows.next()) != null) {
        number++;
        int[] codes = new int[quasiIdentifiers.size()];
        for (int d = 0; d < codes.length; d++) {
          Layout.QuasiIdentifier qi = quasiIdentifiers.get(d);
          codes[d] = histogram.code(d, RowValues.finest(qi.coarsening(), row, qi.column(), rows));
        }
        for (int i = 0; i < values.length; i++) {
          values[i] = Pseudonyms.valueHash(RowValues.sensitive(layout, i, row, rows));
        }
        long subject = RowValues.subject(layout, row, number);
        subjects.add(subject);
        histogram.add(new ClassKey(codes), subject, values);
        if (histogram.classes.size() > maxClasses) {
          return new FirstPass(layout, histogram, subjects, true);
        }
      }
      return new FirstPass(layout, histogram, subjects, false);
    }
  }
}
