package bzh.estran.dataset.core;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Dates of birth to age bands ({@code 30-34}), the age taken at the policy's reference date (never
 * the wall clock, so a run gives the same output whenever it happens).
 */
final class AgeCoarsening implements Coarsening {

  private final int column;
  private final List<Integer> years;
  private final LocalDate reference;
  private final String[] finestBands = new String[150];

  AgeCoarsening(int column, List<Integer> years, LocalDate reference) {
    this.column = column;
    this.years = List.copyOf(years);
    this.reference = reference;
    for (int age = 0; age < finestBands.length; age++) {
      finestBands[age] = band(age, this.years.get(0));
    }
  }

  @Override
  public int levels() {
    return years.size();
  }

  @Override
  public String finest(String[] row) {
    String text = row[column].trim();
    if (text.isEmpty()) {
      return "";
    }
    LocalDate birth;
    try {
      birth = TimeCoarsening.isoDate(text, text.length());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an ISO date: " + TimeCoarsening.shorten(text));
    }
    if (birth.isAfter(reference)) {
      throw new IllegalArgumentException("a date of birth after the reference date " + reference);
    }
    int age = Period.between(birth, reference).getYears();
    return age < finestBands.length ? finestBands[age] : band(age, years.get(0));
  }

  @Override
  public String coarsen(String finest, int level) {
    if (level >= years.size()) {
      return Generalisation.WITHHELD;
    }
    if (level == 0 || finest.isEmpty()) {
      return finest;
    }
    return band(Integer.parseInt(finest.substring(0, finest.indexOf('-'))), years.get(level));
  }

  private static String band(int age, int width) {
    int low = Math.floorDiv(age, width) * width;
    return low + "-" + (low + width - 1);
  }
}
