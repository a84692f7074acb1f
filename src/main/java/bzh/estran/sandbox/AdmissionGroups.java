package bzh.estran.sandbox;

import bzh.estran.audit.AuditLog;
import bzh.estran.audit.core.AuditEvent;
import bzh.estran.sandbox.core.Sandbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group admission (the "group commit" of databases), one per replica: the creations of one
 * institution that arrive while one of its admissions runs wait in the institution's lane; when it
 * ends, the first of them leads the next group — everything waiting then, up to {@code maxGroup} —
 * and admits it in one transaction ({@link GroupAdmission}: one lock, one read, one commit for
 * all), then answers each member. There is no timer: a creation that finds its institution's lane
 * idle, or that would lead a group of one, is admitted at once on its own ({@link
 * SandboxService#admitAlone}), as before groups existed. A waiting creation lets its request's
 * connection go ({@link Connection#release}) and takes one again only to be admitted alone, when
 * its group's transaction failed: each member is then admitted on its own, so that one member's
 * failure (a name taken meanwhile outside the group) refuses only that member. Across replicas, the
 * institution's row lock still orders the groups and the lone admissions.
 */
public final class AdmissionGroups {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionGroups.class);

  private final SandboxService sandboxes;
  private final GroupAdmission group;
  private final int maxGroup;
  private final Map<UUID, Lane> lanes = new ConcurrentHashMap<>();
  private final DistributionSummary sizes;
  private final Counter failures;

  public AdmissionGroups(
      SandboxService sandboxes, AuditLog audit, int maxGroup, MeterRegistry meters) {
    if (maxGroup < 2) {
      throw new IllegalArgumentException("a group holds at least 2 admissions");
    }
    this.sandboxes = sandboxes;
    this.group = sandboxes.groupAdmission(audit);
    this.maxGroup = maxGroup;
    this.sizes =
        DistributionSummary.builder("estran.admissions.group.size")
            .description("Creations decided together in one transaction, per group of two or more")
            .register(meters);
    this.failures =
        Counter.builder("estran.admissions.group.failures")
            .description("Groups whose transaction failed, their members then admitted alone")
            .register(meters);
    Gauge.builder("estran.admissions.waiting", this, AdmissionGroups::waiting)
        .description("Creations waiting for their institution's next admission group")
        .register(meters);
    Gauge.builder("estran.admissions.lanes", lanes, Map::size)
        .description("Institutions with an admission running or waiting on this replica")
        .register(meters);
  }

  /** How many creations wait for a group, over every institution. */
  private int waiting() {
    int count = 0;
    for (Lane lane : lanes.values()) {
      synchronized (lane) {
        count += lane.waiting.size();
      }
    }
    return count;
  }

  /** The request's connection to the database, let go while the admission waits for its group. */
  public interface Connection {
    /** Ends the request's transaction (nothing written yet) and gives its connection back. */
    void release();

    /** Opens the request's transaction again, to be admitted on its own. */
    void reopen();
  }

  /**
   * An admitted sandbox; {@code entryWritten} when the request's audit entry was written with it
   * (in its group's transaction), else the request's transaction holds the sandbox, to be committed
   * with the entry by the caller.
   */
  public record Admitted(Sandbox sandbox, boolean entryWritten) {}

  /**
   * Admits the checked creation, in a group when others of its institution are admitted meanwhile;
   * throws its own refusal. {@code entry} is the audit entry its request gets once admitted.
   */
  public Admitted admit(SandboxService.Checked checked, AuditEvent entry, Connection connection) {
    Waiter me = new Waiter(new GroupAdmission.Member(checked, entry));
    Lane lane;
    boolean idle;
    while (true) {
      lane = lanes.computeIfAbsent(checked.institutionId(), Lane::new);
      synchronized (lane) {
        if (lane.retired) {
          continue; // it went idle and left the map meanwhile: take the institution's new one
        }
        idle = !lane.busy;
        if (idle) {
          lane.busy = true;
        } else {
          lane.waiting.add(me);
        }
        break;
      }
    }
    if (idle) {
      return alone(lane, checked);
    }
    try {
      connection.release();
    } catch (RuntimeException e) {
      // queued already: it must wait for its turn, whatever became of the connection
      LOG.warn("Could not let a waiting admission's connection go: {}", e.toString());
    }
    Verdict verdict = me.verdict.join();
    if (verdict instanceof Lead lead) {
      if (lead.group().size() == 1) {
        try {
          connection.reopen();
        } catch (RuntimeException e) {
          handOver(lane); // the lane must go on without this one
          throw e;
        }
        return alone(lane, checked);
      }
      verdict = lead(lane, checked.institutionId(), lead.group(), me);
    }
    if (verdict instanceof Decided decided) {
      GroupAdmission.Outcome outcome = decided.outcome();
      if (outcome.refusal() != null) {
        throw outcome.refusal();
      }
      return new Admitted(outcome.sandbox(), true);
    }
    connection.reopen(); // the group failed: on its own, as if there were no group
    return new Admitted(sandboxes.admitAlone(checked), false);
  }

  /** Admits on its own, the lane busy meanwhile; then hands the lane over. */
  private Admitted alone(Lane lane, SandboxService.Checked checked) {
    try {
      return new Admitted(sandboxes.admitAlone(checked), false);
    } finally {
      handOver(lane);
    }
  }

  /**
   * Admits the group (led by its first member, {@code me}), hands the lane over and answers the
   * other members; the leader's own verdict.
   */
  private Verdict lead(Lane lane, UUID institutionId, List<Waiter> members, Waiter me) {
    List<GroupAdmission.Outcome> outcomes = null;
    try {
      outcomes = group.admit(institutionId, members.stream().map(w -> w.member).toList());
      sizes.record(members.size());
    } catch (RuntimeException e) {
      failures.increment();
      LOG.warn(
          "A group of {} admissions failed ({}); each is admitted on its own",
          members.size(),
          e.toString());
    } finally {
      handOver(lane);
      // every member is answered, even when the group failed with an Error
      for (int i = 1; i < members.size(); i++) {
        members.get(i).verdict.complete(verdictOf(outcomes, i));
      }
    }
    return verdictOf(outcomes, members.indexOf(me));
  }

  private static Verdict verdictOf(List<GroupAdmission.Outcome> outcomes, int index) {
    return outcomes == null ? new Alone() : new Decided(outcomes.get(index));
  }

  /**
   * Ends the lane's turn: the next group's leader is told, or the lane, idle, leaves the map (so
   * that it holds only the institutions admitting now, not every one ever seen).
   */
  private void handOver(Lane lane) {
    List<Waiter> next = new ArrayList<>();
    synchronized (lane) {
      while (!lane.waiting.isEmpty() && next.size() < maxGroup) {
        next.add(lane.waiting.poll());
      }
      lane.busy = !next.isEmpty();
      if (!lane.busy) {
        lane.retired = true;
        lanes.remove(lane.institutionId, lane);
      }
    }
    if (!next.isEmpty()) {
      next.get(0).verdict.complete(new Lead(next));
    }
  }

  /** What a waiting creation is told. */
  private sealed interface Verdict {}

  /** To its group's first member: lead the group. */
  private record Lead(List<Waiter> group) implements Verdict {}

  /** Its outcome in its group. */
  private record Decided(GroupAdmission.Outcome outcome) implements Verdict {}

  /** Its group failed: be admitted on your own. */
  private record Alone() implements Verdict {}

  /**
   * One institution's admissions on this replica: whether one runs, and who waits; retired once
   * idle and out of the map, after which no one joins it.
   */
  private static final class Lane {
    private final UUID institutionId;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private boolean busy;
    private boolean retired;

    private Lane(UUID institutionId) {
      this.institutionId = institutionId;
    }
  }

  /** A waiting creation and its verdict. */
  private static final class Waiter {
    private final GroupAdmission.Member member;
    private final CompletableFuture<Verdict> verdict = new CompletableFuture<>();

    private Waiter(GroupAdmission.Member member) {
      this.member = member;
    }
  }
}
