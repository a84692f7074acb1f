package bzh.estran.dataset.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The bounded counting the k and l checks rest on, and the report's subject counts. */
class CountingTest {

  @Test
  void aCappedSetCountsExactlyUpToItsCap() {
    CappedSet set = new CappedSet(4);
    set.add(1);
    set.add(1);
    set.add(2);
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.full()).isFalse();
    for (long i = 3; i < 100; i++) {
      set.add(i);
    }
    assertThat(set.size()).isEqualTo(4);
    assertThat(set.full()).isTrue();
  }

  @Test
  void theUnionOfCappedSetsIsExactUpToTheCap() {
    // two fine classes of 2 subjects each, one subject shared: their union holds 3, not 4
    CappedSet a = new CappedSet(10);
    a.add(1);
    a.add(2);
    CappedSet b = new CappedSet(10);
    b.add(2);
    b.add(3);
    CappedSet union = new CappedSet(10);
    union.addAll(a);
    union.addAll(b);
    assertThat(union.size()).isEqualTo(3);
    // a full fine class makes its union full
    CappedSet full = new CappedSet(3);
    full.add(7);
    full.add(8);
    full.add(9);
    CappedSet coarse = new CappedSet(3);
    coarse.addAll(a);
    coarse.addAll(full);
    assertThat(coarse.full()).isTrue();
  }

  @Test
  void rolledClassesMergeLikeCappedSets() {
    ClassStats one = new ClassStats(4, 2, 1);
    one.rows = 3;
    one.subjects.add(1);
    one.subjects.add(2);
    one.values[0].add(10);
    ClassStats two = new ClassStats(4, 2, 1);
    two.rows = 2;
    two.subjects.add(2);
    two.subjects.add(3);
    two.values[0].add(10);
    RolledClasses rolled = new RolledClasses(1, 4, 2, 1);
    for (long key = 0; key < 100; key++) {
      rolled.merge(rolled.classOf(key), key == 42 ? one : two);
    }
    rolled.merge(rolled.classOf(42), two);
    int index = rolled.find(42);
    assertThat(rolled.size()).isEqualTo(100);
    assertThat(rolled.rows[index]).isEqualTo(5);
    assertThat(rolled.subjectCount[index]).isEqualTo(3);
    assertThat(rolled.diversity(index)).isEqualTo(1);
    assertThat(rolled.find(1000)).isEqualTo(-1);
  }

  @Test
  void subjectsAreCountedExactlyThenEstimated() {
    SubjectCounter small = new SubjectCounter();
    for (long i = 0; i < 50_000; i++) {
      small.add(i * 0x9E3779B97F4A7C15L);
      small.add(i * 0x9E3779B97F4A7C15L);
    }
    assertThat(small.exact()).isTrue();
    assertThat(small.count()).isEqualTo(50_000);
    SubjectCounter large = new SubjectCounter();
    for (long i = 0; i < 400_000; i++) {
      large.add(Pseudonyms.valueHash("card-" + i));
    }
    assertThat(large.exact()).isFalse();
    assertThat((double) large.count()).isBetween(400_000 * 0.97, 400_000 * 1.03);
  }

  @Test
  void directIdentifiersAreRecognisedAndOrdinaryValuesAreNot() {
    assertThat(DirectIdentifiers.kind("maelle.tanguy@exemple.bzh")).isEqualTo("e-mail");
    assertThat(DirectIdentifiers.kind("02.97.12.34.56")).isEqualTo("French phone number");
    assertThat(DirectIdentifiers.kind("0033 6 12 34 56 78")).isEqualTo("French phone number");
    assertThat(DirectIdentifiers.kind("184125612100742")).isEqualTo("NIR");
    assertThat(DirectIdentifiers.kind("FR7630006000011234567890189")).isEqualTo("IBAN");
    assertThat(DirectIdentifiers.kind("2026-01-05T08:13:27")).isNull();
    assertThat(DirectIdentifiers.kind("47.748612")).isNull();
    assertThat(DirectIdentifiers.kind("56100")).isNull();
    assertThat(DirectIdentifiers.kind("Lorient Agglomération")).isNull();
    assertThat(DirectIdentifiers.kind("0e0eb92ce212d6483f250656f7a42e03")).isNull();
  }
}
