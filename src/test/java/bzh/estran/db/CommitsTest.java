package bzh.estran.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import bzh.estran.testing.TestDatabases;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listeners hear of every change committed through the Jdbi, once, and of nothing else. */
class CommitsTest {

  private final AtomicInteger told = new AtomicInteger();
  private Jdbi jdbi;

  @BeforeEach
  void open() {
    jdbi = Jdbi.create(TestDatabases.fresh(), TestDatabases.USER, "");
    Commits commits = new Commits();
    commits.watch(jdbi);
    commits.add(told::incrementAndGet);
    jdbi.useHandle(h -> h.execute("create table notes (id int primary key, text text)"));
    told.set(0);
  }

  @Test
  void aCommittedTransactionIsToldOnceAfterItsCommit() {
    jdbi.useTransaction(
        h -> {
          h.execute("insert into notes values (1, 'one')");
          h.execute("insert into notes values (2, 'two')");
          assertThat(told).as("nothing is committed yet").hasValue(0);
        });
    assertThat(told).hasValue(1);
  }

  @Test
  void aTransactionBegunAndCommittedByHandIsTold() {
    try (Handle handle = jdbi.open()) {
      handle.begin();
      handle.execute("insert into notes values (1, 'one')");
      // a nested transaction joins the open one: no commit of its own
      handle.useTransaction(h -> h.execute("insert into notes values (2, 'two')"));
      assertThat(told).hasValue(0);
      handle.commit();
    }
    assertThat(told).hasValue(1);
  }

  @Test
  void aWriteOutsideATransactionIsTold() {
    jdbi.useHandle(h -> h.execute("insert into notes values (1, 'one')"));
    assertThat(told).hasValue(1);
    jdbi.useHandle(h -> h.createUpdate("update notes set text = 'uno'").execute());
    assertThat(told).hasValue(2);
  }

  @Test
  void aReadOutsideATransactionIsNotTold() {
    jdbi.withHandle(h -> h.createQuery("select count(*) from notes").mapTo(Long.class).one());
    jdbi.withHandle(h -> h.createQuery("  SELECT 1").mapTo(Integer.class).one());
    assertThat(told).hasValue(0);
  }

  @Test
  void aRolledBackTransactionIsNotTold() {
    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h -> {
                      h.execute("insert into notes values (1, 'one')");
                      throw new IllegalStateException("refused");
                    }))
        .isInstanceOf(IllegalStateException.class);
    try (Handle handle = jdbi.open()) {
      handle.begin();
      handle.execute("insert into notes values (2, 'two')");
      handle.rollback();
    }
    assertThat(told).hasValue(0);
    long rows =
        jdbi.withHandle(h -> h.createQuery("select count(*) from notes").mapTo(Long.class).one());
    assertThat(rows).isZero();
  }

  @Test
  void statementsOtherThanSelectAreWrites() {
    assertThat(Commits.writes("select * from notes")).isFalse();
    assertThat(Commits.writes("\n  Select 1")).isFalse();
    assertThat(Commits.writes("update notes set text = ''")).isTrue();
    assertThat(Commits.writes("with gone as (delete from notes returning id) select 1")).isTrue();
    assertThat(Commits.writes("insert into notes values (1, '')")).isTrue();
  }
}
