package bzh.estran.dataset.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** What Estran refuses to publish, and the raw data it refuses to read. */
class RefusalTest {

  private static final String KEEP_NOTE =
      """
      name: notes
      subject: card
      k: 2
      l: 1
      columns:
        - {name: card, treatment: pseudonymise}
        - {name: town, treatment: keep, quasiIdentifier: true, level: value}
        - {name: note, treatment: keep}
      """;

  /** 40 rows of 10 cards in one town, the note column made by {@code note}. */
  private static String table(IntFunction<String> note) {
    StringBuilder csv = new StringBuilder("card,town,note\n");
    for (int i = 0; i < 40; i++) {
      csv.append("c").append(i % 10).append(",Lorient,").append(note.apply(i)).append("\n");
    }
    return csv.toString();
  }

  private static AnonymisationReport.Refusal onlyRefusal(String csv) {
    Tables.Run run = Tables.run(KEEP_NOTE, csv);
    assertThat(run.outcome().publishable()).isFalse();
    assertThat(run.outcome().report().refusals()).hasSize(1);
    return run.outcome().report().refusals().get(0);
  }

  @Test
  void aColumnThePolicyForgetsIsRefusedNotKept() {
    assertThatThrownBy(() -> Tables.run(KEEP_NOTE, "card,town,note,secret\nc1,Lorient,x,s\n"))
        .isInstanceOf(RawDataException.class)
        .hasMessageContaining("[secret]")
        .extracting(e -> ((RawDataException) e).line())
        .isEqualTo(1L);
    assertThatThrownBy(() -> Tables.run(KEEP_NOTE, "card,town\nc1,Lorient\n"))
        .hasMessageContaining("lacks the policy's columns [note]");
  }

  @Test
  void aMalformedRecordIsRefusedAtItsLine() {
    assertThatThrownBy(() -> Tables.run(KEEP_NOTE, "card,town,note\nc1,Lorient,x\nc2,Lorient\n"))
        .isInstanceOf(RawDataException.class)
        .hasMessageStartingWith("line 3:");
  }

  @Test
  void eMails() {
    AnonymisationReport.Refusal refusal =
        onlyRefusal(table(i -> i == 7 ? "écrire à jo@exemple.bzh" : "ok"));
    assertThat(refusal.code()).isEqualTo("direct-identifier");
    assertThat(refusal.column()).isEqualTo("note");
    assertThat(refusal.detail()).contains("e-mail");
    assertThat(refusal.message(Locale.FRENCH)).contains("la colonne note", "identifiants directs");
  }

  @Test
  void frenchPhoneNumbers() {
    assertThat(onlyRefusal(table(i -> i == 3 ? "06 12 34 56 78" : "-")).detail())
        .contains("French phone number");
    assertThat(onlyRefusal(table(i -> i == 3 ? "+33 2 97 00 00 00" : "-")).detail())
        .contains("French phone number");
  }

  @Test
  void socialSecurityNumbers() {
    assertThat(onlyRefusal(table(i -> i == 3 ? "1 84 12 56 121 007 42" : "-")).detail())
        .contains("NIR");
  }

  @Test
  void ibansWithAValidKey() {
    assertThat(onlyRefusal(table(i -> i == 3 ? "FR76 3000 6000 0112 3456 7890 189" : "-")).detail())
        .contains("IBAN");
    // the same shape with a wrong key is no IBAN
    assertThat(
            Tables.run(KEEP_NOTE, table(i -> i == 3 ? "FR76 3000 6000 0112 3456 7890 188" : "-"))
                .outcome()
                .publishable())
        .isTrue();
  }

  @Test
  void coordinatesFinerThanTheGrid() {
    String policy = KEEP_NOTE.replace("name: note", "name: lat");
    String csv = table(i -> String.format(Locale.ROOT, "47.74%04d", i)).replace(",note", ",lat");
    Tables.Run run = Tables.run(policy, csv);
    assertThat(run.outcome().report().refusals())
        .extracting(AnonymisationReport.Refusal::code)
        .contains("fine-coordinates");
  }

  @Test
  void valuesUniquePerSubject() {
    AnonymisationReport.Refusal refusal =
        onlyRefusal(table(i -> "Holder " + (i % 10) + " Le Goff"));
    assertThat(refusal.code()).isEqualTo("unique-per-subject");
    // values shared by many subjects are fine
    assertThat(Tables.run(KEEP_NOTE, table(i -> "fare " + (i % 3))).outcome().publishable())
        .isTrue();
  }

  @Test
  void tooManyClasses() throws Exception {
    DatasetPolicy policy = PolicyParser.parse(KEEP_NOTE);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    String csv = "card,town,note\nc1,A,x\nc2,B,x\nc3,C,x\n";
    Outcome outcome = new Anonymiser(policy, Tables.KEY, 2).run(Tables.csv(csv), out);
    assertThat(outcome.publishable()).isFalse();
    assertThat(outcome.report().refusals().get(0).code()).isEqualTo("too-many-classes");
    assertThat(out.size()).isZero();
  }

  @Test
  void anEmptyTable() {
    Tables.Run run = Tables.run(KEEP_NOTE, "card,town,note\n");
    assertThat(run.outcome().report().refusals().get(0).code()).isEqualTo("empty");
    assertThat(run.outcome().report().summary(Locale.ENGLISH)).contains("no data row");
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> new Anonymiser(PolicyParser.parse(KEEP_NOTE), new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
