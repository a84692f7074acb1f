package bzh.estran.sandbox;

import bzh.estran.audit.AuditLog;
import bzh.estran.audit.core.AuditEvent;
import bzh.estran.catalog.core.Template;
import bzh.estran.dataset.DatasetGrants;
import bzh.estran.dataset.core.DatasetVersion;
import bzh.estran.errors.EstranException;
import bzh.estran.errors.QuotaExceeded;
import bzh.estran.kube.core.SandboxNames;
import bzh.estran.notify.Notices;
import bzh.estran.quota.QuotaAdmission;
import bzh.estran.quota.core.CoreTime;
import bzh.estran.sandbox.core.Sandbox;
import bzh.estran.sandbox.core.SandboxEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Admits a group of checked creations of one institution in <b>one transaction</b>: the names are
 * checked against the owners' live sandboxes in one read, then the institution's lock is taken and
 * what it holds read once ({@link QuotaAdmission#lockForGroup}); each creation is decided in
 * memory, in arrival order, as if it had been admitted alone after the previous ones (its name free
 * of theirs too, its cohort not ended, its demand within the picture updated after each admitted
 * one); then the admitted sandboxes, their dataset grants, events, notices, reservations and audit
 * entries are written with one JDBC batch per table, and committed once. A refused creation writes
 * nothing. If the transaction fails (a name taken meanwhile by an admission outside the group, a
 * lost connection), it is rolled back whole and the caller admits the members one by one.
 */
final class GroupAdmission {

  private final Jdbi jdbi;
  private final SandboxAdmission admission;
  private final QuotaAdmission quota;
  private final Notices notices;
  private final DatasetGrants datasets;
  private final AuditLog audit;
  private final Clock clock;
  private final SandboxService sandboxes;
  private final ReconcileQueue queue;

  GroupAdmission(
      Jdbi jdbi,
      SandboxAdmission admission,
      QuotaAdmission quota,
      Notices notices,
      DatasetGrants datasets,
      AuditLog audit,
      Clock clock,
      SandboxService sandboxes,
      ReconcileQueue queue) {
    this.jdbi = jdbi;
    this.admission = admission;
    this.quota = quota;
    this.notices = notices;
    this.datasets = datasets;
    this.audit = audit;
    this.clock = clock;
    this.sandboxes = sandboxes;
    this.queue = queue;
  }

  /** One creation of a group, and the audit entry its request gets when it is admitted. */
  record Member(SandboxService.Checked checked, AuditEvent entry) {}

  /** What became of a member: its sandbox, or its refusal. */
  record Outcome(Sandbox sandbox, EstranException refusal) {}

  /** A member admitted in memory, to be written. */
  private record Admitted(
      int index, UUID id, String name, Instant expiresAt, long minutes, Member member) {}

  /**
   * Decides and writes the group (all of one institution), committed once; its outcomes in the
   * members' order. Throws, having written nothing, when the transaction fails.
   */
  List<Outcome> admit(UUID institutionId, List<Member> members) {
    List<Outcome> outcomes = new ArrayList<>();
    List<Sandbox> written;
    // a handle of its own, never the thread's: the group commits here, whatever the thread holds
    try (Handle handle = jdbi.open()) {
      written = handle.inTransaction(h -> decideAndWrite(h, institutionId, members, outcomes));
    }
    // committed: the reconciler may look for them now
    for (Sandbox sandbox : written) {
      sandboxes.admitted(sandbox);
      queue.submit(sandbox.id());
    }
    return outcomes;
  }

  private List<Sandbox> decideAndWrite(
      Handle handle, UUID institutionId, List<Member> members, List<Outcome> outcomes) {
    outcomes.clear(); // a retried transaction starts over
    SandboxDao dao = handle.attach(SandboxDao.class);
    List<String> names = namesOf(dao, members);
    Set<SandboxDao.OwnedName> taken = new HashSet<>(taken(dao, members, names));
    Instant now = clock.instant();
    String period = quota.period(now);
    QuotaAdmission.Group picture =
        quota.lockForGroup(
            handle,
            institutionId,
            period,
            members.stream().map(m -> m.checked().owner.id()).toList(),
            members.stream().map(m -> m.checked().wish.cohort()).toList());
    List<Admitted> admitted = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      Member member = members.get(i);
      SandboxService.Checked checked = member.checked();
      SandboxDao.OwnedName name = new SandboxDao.OwnedName(checked.owner.id(), names.get(i));
      try {
        if (taken.contains(name)) {
          throw SandboxAdmission.nameTaken(checked.owner, name.name());
        }
        Instant expiresAt = SandboxAdmission.expiry(checked.wish, now);
        long minutes = CoreTime.reservedMinutes(Duration.between(now, expiresAt));
        Optional<QuotaExceeded> refused =
            picture.admit(
                checked.owner.id(), checked.wish.cohort(), checked.wish.template().size(), minutes);
        if (refused.isPresent()) {
          throw refused.get();
        }
        taken.add(name);
        admitted.add(new Admitted(i, UUID.randomUUID(), name.name(), expiresAt, minutes, member));
        outcomes.add(null); // filled once written
      } catch (EstranException refusal) {
        outcomes.add(new Outcome(null, refusal));
      }
    }
    if (admitted.isEmpty()) {
      return List.of();
    }
    List<Sandbox> written = write(handle, dao, institutionId, admitted, now, period);
    for (int k = 0; k < admitted.size(); k++) {
      outcomes.set(admitted.get(k).index(), new Outcome(written.get(k), null));
    }
    return written;
  }

  /**
   * The name of each member: the one asked for, or one made up that no live sandbox of its owner
   * has, nor another member's.
   */
  private List<String> namesOf(SandboxDao dao, List<Member> members) {
    List<String> names = new ArrayList<>();
    Map<Integer, Template> madeUp = new LinkedHashMap<>();
    for (int i = 0; i < members.size(); i++) {
      SandboxAdmission.Wish wish = members.get(i).checked().wish;
      names.add(wish.name());
      if (wish.name() == null) {
        madeUp.put(i, wish.template());
      }
    }
    while (!madeUp.isEmpty()) {
      Set<SandboxDao.OwnedName> used = new HashSet<>();
      for (int i = 0; i < members.size(); i++) {
        if (!madeUp.containsKey(i)) {
          used.add(new SandboxDao.OwnedName(members.get(i).checked().owner.id(), names.get(i)));
        }
      }
      List<Integer> fresh = new ArrayList<>();
      for (Map.Entry<Integer, Template> entry : madeUp.entrySet()) {
        String name = admission.madeUpName(entry.getValue());
        UUID owner = members.get(entry.getKey()).checked().owner.id();
        if (used.add(new SandboxDao.OwnedName(owner, name))) {
          names.set(entry.getKey(), name);
          fresh.add(entry.getKey());
        }
      }
      // the made-up names no live sandbox has are kept; the others are made up again
      Set<SandboxDao.OwnedName> inUse = new HashSet<>(takenAmong(dao, members, names, fresh));
      for (Integer i : fresh) {
        if (!inUse.contains(
            new SandboxDao.OwnedName(members.get(i).checked().owner.id(), names.get(i)))) {
          madeUp.remove(i);
        }
      }
    }
    return names;
  }

  /** The asked-for names that a live sandbox of their owner already has. */
  private static List<SandboxDao.OwnedName> taken(
      SandboxDao dao, List<Member> members, List<String> names) {
    List<Integer> asked = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i).checked().wish.name() != null) {
        asked.add(i);
      }
    }
    return takenAmong(dao, members, names, asked);
  }

  /** Which names of the members at {@code indices} a live sandbox of their owner has (one read). */
  private static List<SandboxDao.OwnedName> takenAmong(
      SandboxDao dao, List<Member> members, List<String> names, List<Integer> indices) {
    if (indices.isEmpty()) {
      return List.of();
    }
    return dao.takenNames(
        indices.stream().map(i -> members.get(i).checked().owner.id()).toArray(UUID[]::new),
        indices.stream().map(names::get).toArray(String[]::new));
  }

  /**
   * Writes the admitted sandboxes and everything that goes with them, one batch per table, and
   * reads them back (as a lone admission answers, with the owner's e-mail and the institution's
   * slug); in the order given.
   */
  private List<Sandbox> write(
      Handle handle,
      SandboxDao dao,
      UUID institutionId,
      List<Admitted> admitted,
      Instant now,
      String period) {
    PreparedBatch rows = handle.prepareBatch(SandboxDao.INSERT);
    PreparedBatch events = handle.prepareBatch(SandboxDao.ADD_EVENT);
    Map<UUID, List<DatasetVersion>> grants = new HashMap<>();
    List<Notices.Expiry> expiries = new ArrayList<>();
    for (Admitted a : admitted) {
      SandboxService.Checked checked = a.member().checked();
      SandboxAdmission.Wish wish = checked.wish;
      Template template = wish.template();
      rows.bind("id", a.id())
          .bind("name", a.name())
          .bind("ownerId", checked.owner.id())
          .bind("institutionId", institutionId)
          .bind("cohortId", wish.cohort() == null ? null : wish.cohort().id())
          .bind("template", template.name())
          .bind(
              "datasets", wish.datasets().stream().map(DatasetVersion::ref).toArray(String[]::new))
          .bind("cpu", template.size().cpu())
          .bind("memoryGiB", template.size().memoryGiB())
          .bind("storageGiB", template.size().storageGiB())
          .bind("namespace", SandboxNames.namespace(a.id()))
          .bind("createdAt", now)
          .bind("expiresAt", a.expiresAt())
          .bind("period", period)
          .add();
      events
          .bind("id", a.id())
          .bind("at", now)
          .bind("type", SandboxEvent.REQUESTED)
          .bind(
              "message",
              SandboxAdmission.requested(
                  checked.requestedBy, checked.owner, wish, now, a.expiresAt()))
          .add();
      if (!wish.datasets().isEmpty()) {
        grants.put(a.id(), wish.datasets());
      }
      expiries.add(new Notices.Expiry(a.id(), a.expiresAt()));
    }
    rows.execute();
    datasets.grantAll(handle, grants, now);
    events.execute();
    notices.scheduleWarnings(handle, expiries, now);
    Map<UUID, Sandbox> byId = new HashMap<>();
    for (Sandbox sandbox : dao.findAll(admitted.stream().map(Admitted::id).toList())) {
      byId.put(sandbox.id(), sandbox);
    }
    List<Sandbox> written = admitted.stream().map(a -> byId.get(a.id())).toList();
    quota.reserveAll(
        handle, written, admitted.stream().map(Admitted::minutes).toList(), period, now);
    audit.recordAll(handle, admitted.stream().map(a -> a.member().entry()).toList());
    return written;
  }
}
