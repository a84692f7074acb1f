package bzh.estran.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import bzh.estran.db.Database;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxState;
import bzh.estran.tenancy.TenancyDao;
import bzh.estran.testing.TestDatabases;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sandbox DAO on a real PostgreSQL, migrated by Flyway: conditional state changes, expiry,
 * leases, and what the schema itself refuses.
 *
 * <p>All tests share one database. {@code expireDue} and {@code findUnattended} look at every row,
 * so each test works in its own stretch of time and checks only the rows it made.
 */
class SandboxDaoTest {

  private static final Instant T2026 = Instant.parse("2026-11-28T09:00:00Z");

  private static Database database;
  private static SandboxDao dao;
  private static UUID owner;
  private static UUID otherOwner;
  private static UUID institution;

  @BeforeAll
  static void open() {
    database = Database.open(TestDatabases.fresh(), TestDatabases.USER, "", 4);
    dao = database.jdbi().onDemand(SandboxDao.class);
    TenancyDao tenancy = database.jdbi().onDemand(TenancyDao.class);
    owner = UUID.randomUUID();
    otherOwner = UUID.randomUUID();
    institution = UUID.randomUUID();
    tenancy.insertUser(owner, "alice@univ-ubs.fr", "Alice", false, T2026);
    tenancy.insertUser(otherOwner, "bob@univ-ubs.fr", "Bob", false, T2026);
    tenancy.insertInstitution(institution, "ubs", "Université Bretagne Sud", "university", T2026);
  }

  @AfterAll
  static void close() {
    database.close();
  }

  private static UUID insert(UUID ownerId, String name, Instant createdAt, Instant expiresAt) {
    UUID id = UUID.randomUUID();
    dao.insert(
        id,
        name,
        ownerId,
        institution,
        null,
        "starter",
        new String[] {"census"},
        new BigDecimal("1.5"),
        new BigDecimal("2"),
        new BigDecimal("5"),
        "estran-" + id.toString().substring(0, 8),
        createdAt,
        expiresAt,
        period(createdAt));
    return id;
  }

  /** The month a sandbox is booked to, as the quota ledger names it. */
  private static String period(Instant createdAt) {
    return YearMonth.from(createdAt.atZone(ZoneOffset.UTC)).toString();
  }

  private static UUID insert(Instant createdAt, Instant expiresAt) {
    return insert(
        owner, "sbx-" + UUID.randomUUID().toString().substring(0, 8), createdAt, expiresAt);
  }

  private static SandboxState state(UUID id) {
    return dao.find(id).orElseThrow().state();
  }

  private static String sqlState(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  @Test
  void anInsertedSandboxReadsBackAsProvisioning() {
    Instant created = T2026;
    UUID id = insert(owner, "read-back", created, created.plus(Duration.ofHours(8)));

    Sandbox sandbox = dao.find(id).orElseThrow();
    assertThat(sandbox.state()).isEqualTo(SandboxState.PROVISIONING);
    assertThat(sandbox.name()).isEqualTo("read-back");
    assertThat(sandbox.ownerEmail()).isEqualTo("alice@univ-ubs.fr");
    assertThat(sandbox.institutionSlug()).isEqualTo("ubs");
    assertThat(sandbox.datasets()).containsExactly("census");
    assertThat(sandbox.size().cpu()).isEqualByComparingTo("1.5");
    assertThat(sandbox.createdAt()).isEqualTo(created);
    assertThat(sandbox.expiresAt()).isEqualTo(created.plus(Duration.ofHours(8)));
    assertThat(sandbox.readyAt()).isNull();
    assertThat(sandbox.deletedAt()).isNull();
    assertThat(dao.find(UUID.randomUUID())).isEmpty();
  }

  @Test
  void transitionMovesOnlyFromTheExpectedState() {
    UUID id = insert(T2026, T2026.plus(Duration.ofDays(400)));
    Instant readyAt = T2026.plusSeconds(30);

    assertThat(dao.transition(id, SandboxState.READY, SandboxState.DELETING, readyAt)).isZero();
    assertThat(state(id)).isEqualTo(SandboxState.PROVISIONING);

    assertThat(dao.transition(id, SandboxState.PROVISIONING, SandboxState.READY, readyAt))
        .isEqualTo(1);
    Sandbox ready = dao.find(id).orElseThrow();
    assertThat(ready.state()).isEqualTo(SandboxState.READY);
    assertThat(ready.readyAt()).isEqualTo(readyAt);

    assertThat(
            dao.transition(
                id, SandboxState.PROVISIONING, SandboxState.READY, readyAt.plusSeconds(1)))
        .isZero();
    assertThat(dao.find(id).orElseThrow().readyAt()).isEqualTo(readyAt);

    Instant deletedAt = readyAt.plusSeconds(60);
    assertThat(dao.transition(id, SandboxState.READY, SandboxState.DELETING, deletedAt))
        .isEqualTo(1);
    assertThat(dao.transition(id, SandboxState.DELETING, SandboxState.DELETED, deletedAt))
        .isEqualTo(1);
    Sandbox deleted = dao.find(id).orElseThrow();
    assertThat(deleted.state()).isEqualTo(SandboxState.DELETED);
    assertThat(deleted.deletedAt()).isEqualTo(deletedAt);
    assertThat(
            dao.transition(
                UUID.randomUUID(), SandboxState.PROVISIONING, SandboxState.READY, deletedAt))
        .isZero();
  }

  @Test
  void expireDueMarksExactlyTheDueLiveSandboxesDeleting() {
    // An era of its own, before any other test's expiry.
    Instant era = Instant.parse("2001-01-01T00:00:00Z");
    Instant now = era.plus(Duration.ofHours(10));
    UUID dueProvisioning = insert(era, now.minusSeconds(1));
    UUID dueReady = insert(era, now); // exactly now counts as due
    dao.transition(dueReady, SandboxState.PROVISIONING, SandboxState.READY, era.plusSeconds(5));
    UUID notYet = insert(era, now.plusSeconds(1));
    UUID alreadyDeleting = insert(era, now.minusSeconds(60));
    dao.transition(
        alreadyDeleting, SandboxState.PROVISIONING, SandboxState.DELETING, era.plusSeconds(5));
    UUID failed = insert(era, now.minusSeconds(60));
    dao.fail(failed, "cluster refused", era.plusSeconds(5));

    List<UUID> expired = dao.expireDue(now);

    assertThat(expired).containsExactlyInAnyOrder(dueProvisioning, dueReady);
    assertThat(state(dueProvisioning)).isEqualTo(SandboxState.DELETING);
    assertThat(state(dueReady)).isEqualTo(SandboxState.DELETING);
    assertThat(state(notYet)).isEqualTo(SandboxState.PROVISIONING);
    assertThat(state(alreadyDeleting)).isEqualTo(SandboxState.DELETING);
    assertThat(state(failed)).isEqualTo(SandboxState.FAILED);

    assertThat(dao.expireDue(now)).isEmpty();
    assertThat(dao.expireDue(now.plusSeconds(1))).containsExactly(notYet);
  }

  @Test
  void aLeaseKeepsOtherOwnersOutUntilItPasses() {
    UUID id = insert(T2026, T2026.plus(Duration.ofDays(400)));
    Instant t = T2026.plusSeconds(100);

    assertThat(dao.claim(id, "replica-a", t, t.plusSeconds(30), 10.0)).isEqualTo(1);
    assertThat(dao.claim(id, "replica-b", t.plusSeconds(10), t.plusSeconds(40), 10.0)).isZero();
    // the holder may renew its own lease at any time
    assertThat(dao.claim(id, "replica-a", t.plusSeconds(20), t.plusSeconds(60), 10.0)).isEqualTo(1);
    assertThat(dao.claim(id, "replica-b", t.plusSeconds(45), t.plusSeconds(75), 10.0)).isZero();
    // once the renewed lease has passed, another owner gets it
    assertThat(dao.claim(id, "replica-b", t.plusSeconds(61), t.plusSeconds(91), 10.0)).isEqualTo(1);
    assertThat(dao.claim(id, "replica-a", t.plusSeconds(62), t.plusSeconds(92), 10.0)).isZero();
    assertThat(dao.claim(id, "replica-b", t.plusSeconds(63), t.plusSeconds(93), 10.0)).isEqualTo(1);
  }

  @Test
  void theLeaseOfAReplicaThatStoppedBeatingIsFreeAtOnce() {
    UUID id = insert(T2026, T2026.plus(Duration.ofDays(400)));
    Instant t = T2026.plusSeconds(300);
    database
        .jdbi()
        .useHandle(
            handle -> {
              handle.execute(
                  "insert into replicas values ('alive', clock_timestamp(), clock_timestamp())"
                      + " on conflict (id) do update set heartbeat_at = clock_timestamp()");
              handle.execute(
                  "insert into replicas values ('killed', clock_timestamp(),"
                      + " clock_timestamp() - interval '11 seconds')"
                      + " on conflict (id) do update set heartbeat_at = excluded.heartbeat_at");
            });
    assertThat(dao.claim(id, "alive", t, t.plusSeconds(120), 10.0)).isEqualTo(1);
    assertThat(dao.claim(id, "killed", t.plusSeconds(1), t.plusSeconds(121), 10.0)).isZero();
    // the same lease held by the silent replica is free long before it lapses
    assertThat(dao.release(id, "alive")).isEqualTo(1);
    assertThat(dao.claim(id, "killed", t.plusSeconds(2), t.plusSeconds(122), 10.0)).isEqualTo(1);
    assertThat(dao.claim(id, "alive", t.plusSeconds(3), t.plusSeconds(123), 10.0)).isEqualTo(1);
    assertThat(dao.claim(id, "killed", t.plusSeconds(4), t.plusSeconds(124), 10.0)).isZero();
    assertThat(
            dao.abandoned(t.plusSeconds(5), t.minusSeconds(60), 10.0).stream().filter(id::equals))
        .isEmpty();
  }

  @Test
  void aReleasedLeaseIsFreeAtOnce() {
    UUID id = insert(T2026, T2026.plus(Duration.ofDays(400)));
    Instant t = T2026.plusSeconds(200);
    assertThat(dao.claim(id, "replica-a", t, t.plusSeconds(30), 10.0)).isEqualTo(1);
    assertThat(dao.release(id, "replica-b")).isZero();
    assertThat(dao.claim(id, "replica-b", t.plusSeconds(1), t.plusSeconds(31), 10.0)).isZero();
    assertThat(dao.release(id, "replica-a")).isEqualTo(1);
    assertThat(dao.claim(id, "replica-b", t.plusSeconds(2), t.plusSeconds(32), 10.0)).isEqualTo(1);
  }

  @Test
  void findUnattendedSkipsLeasedAndWaitingSandboxes() {
    Instant created = Instant.parse("2030-01-01T00:00:00Z");
    Instant expires = created.plus(Duration.ofDays(400));
    Instant now = created.plusSeconds(60);
    UUID free = insert(created, expires);
    UUID leased = insert(created, expires);
    dao.claim(leased, "replica-b", now.minusSeconds(5), now.plusSeconds(30), 10.0);
    UUID leaseOver = insert(created, expires);
    dao.claim(leaseOver, "replica-b", now.minusSeconds(60), now.minusSeconds(1), 10.0);
    UUID waiting = insert(created, expires);
    dao.recordAttempt(waiting, 1, now.plusSeconds(20), now);
    UUID retryDue = insert(created, expires);
    dao.recordAttempt(retryDue, 2, now.minusSeconds(1), now.minusSeconds(10));
    UUID ready = insert(created, expires);
    dao.transition(ready, SandboxState.PROVISIONING, SandboxState.READY, now);
    UUID deleting = insert(created, expires);
    dao.transition(deleting, SandboxState.PROVISIONING, SandboxState.DELETING, now);
    UUID deleted = insert(created, expires);
    dao.transition(deleted, SandboxState.PROVISIONING, SandboxState.DELETING, now);
    dao.transition(deleted, SandboxState.DELETING, SandboxState.DELETED, now);

    List<UUID> mine = List.of(free, leased, leaseOver, waiting, retryDue, ready, deleting, deleted);
    assertThat(unattendedAmong(now, mine))
        .containsExactlyInAnyOrder(free, leaseOver, retryDue, deleting);
    assertThat(dao.attempts(waiting)).isEqualTo(1);

    Instant later = now.plusSeconds(31);
    assertThat(unattendedAmong(later, mine))
        .containsExactlyInAnyOrder(free, leased, leaseOver, waiting, retryDue, deleting);
  }

  private static List<UUID> unattendedAmong(Instant now, List<UUID> ids) {
    return dao.findUnattended(now).stream().map(Sandbox::id).filter(ids::contains).toList();
  }

  @Test
  void anOwnerHasOneLiveSandboxPerNameButMayReuseTheNameOnceItIsDeleted() {
    Instant created = T2026.plus(Duration.ofDays(1));
    Instant expires = created.plus(Duration.ofDays(400));
    UUID first = insert(owner, "lab-1", created, expires);

    Throwable clash = catchInsert(() -> insert(owner, "lab-1", created, expires));
    assertThat(sqlState(clash)).isEqualTo("23505");
    assertThat(dao.countLiveNamed(owner, "lab-1")).isEqualTo(1);

    // another owner may use the same name
    assertThat(insert(otherOwner, "lab-1", created, expires)).isNotNull();

    dao.transition(first, SandboxState.PROVISIONING, SandboxState.DELETING, created.plusSeconds(1));
    assertThat(sqlState(catchInsert(() -> insert(owner, "lab-1", created, expires))))
        .isEqualTo("23505");

    dao.transition(first, SandboxState.DELETING, SandboxState.DELETED, created.plusSeconds(2));
    UUID second = insert(owner, "lab-1", created.plusSeconds(3), expires);
    assertThat(state(second)).isEqualTo(SandboxState.PROVISIONING);
    assertThat(dao.countLiveNamed(owner, "lab-1")).isEqualTo(1);
  }

  @Test
  void aFailedSandboxFreesItsName() {
    Instant created = T2026.plus(Duration.ofDays(2));
    Instant expires = created.plus(Duration.ofDays(400));
    UUID first = insert(owner, "lab-failing", created, expires);
    assertThat(dao.fail(first, "quota refused", created.plusSeconds(1))).isEqualTo(1);
    assertThat(dao.find(first).orElseThrow().failure()).isEqualTo("quota refused");
    assertThat(insert(owner, "lab-failing", created.plusSeconds(2), expires)).isNotNull();
  }

  @Test
  void theSchemaRefusesAnExpiryNotAfterCreation() {
    Instant created = T2026.plus(Duration.ofDays(3));
    assertThat(sqlState(catchInsert(() -> insert(created, created)))).isEqualTo("23514");
    assertThat(sqlState(catchInsert(() -> insert(created, created.minusSeconds(1)))))
        .isEqualTo("23514");
  }

  @Test
  void theSchemaRefusesNonPositiveSizes() {
    Instant created = T2026.plus(Duration.ofDays(4));
    Throwable negative =
        catchInsert(
            () ->
                dao.insert(
                    UUID.randomUUID(),
                    "negative",
                    owner,
                    institution,
                    null,
                    "starter",
                    new String[0],
                    new BigDecimal("-1"),
                    BigDecimal.ONE,
                    BigDecimal.ONE,
                    "estran-neg-" + UUID.randomUUID().toString().substring(0, 8),
                    created,
                    created.plusSeconds(3600),
                    period(created)));
    assertThat(sqlState(negative)).isEqualTo("23514");
    Throwable zeroMemory =
        catchInsert(
            () ->
                dao.insert(
                    UUID.randomUUID(),
                    "zero",
                    owner,
                    institution,
                    null,
                    "starter",
                    new String[0],
                    BigDecimal.ONE,
                    BigDecimal.ZERO,
                    BigDecimal.ONE,
                    "estran-zero-" + UUID.randomUUID().toString().substring(0, 8),
                    created,
                    created.plusSeconds(3600),
                    period(created)));
    assertThat(sqlState(zeroMemory)).isEqualTo("23514");
  }

  private static Throwable catchInsert(Runnable insert) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(insert::run);
    assertThat(thrown).isInstanceOf(UnableToExecuteStatementException.class);
    return thrown;
  }
}
