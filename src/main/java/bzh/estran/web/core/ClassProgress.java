package bzh.estran.web.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where each member of a class stands in its bulk provisioning: waiting for a run, queued for the
 * cluster, provisioning, ready, failed, or refused (and why). A live sandbox of the cohort wins
 * over a refusal of an earlier run.
 */
public final class ClassProgress {

  private ClassProgress() {}

  /** A member's step. {@link #isSettled} says whether the page may stop polling for them. */
  public enum Step {
    NONE,
    QUEUED,
    PROVISIONING,
    READY,
    FAILED,
    REFUSED;

    public boolean isSettled() {
      return this != QUEUED && this != PROVISIONING;
    }
  }

  /** A member of the cohort (its members, not its managers). */
  public record Member(String email, String name) {}

  /** A member's latest sandbox of the cohort: its state name, whether it waits in the queue. */
  public record Box(UUID id, String state, boolean waiting, String failure) {}

  /** One line of the progress table. {@code detail}: why refused or failed, else empty. */
  public record Line(String email, String name, Step step, String detail, UUID sandbox) {}

  /** The lines, in the members' order. */
  public static List<Line> of(
      List<Member> members, Map<String, Box> boxes, Map<String, String> refusals) {
    List<Line> lines = new ArrayList<>();
    for (Member member : members) {
      Box box = boxes.get(member.email());
      lines.add(line(member, box, refusals.get(member.email())));
    }
    return List.copyOf(lines);
  }

  private static Line line(Member member, Box box, String refusal) {
    if (box != null && !box.state().equals("DELETED")) {
      Step step =
          switch (box.state()) {
            case "PROVISIONING" -> box.waiting() ? Step.QUEUED : Step.PROVISIONING;
            case "READY" -> Step.READY;
            case "FAILED" -> Step.FAILED;
            default -> Step.NONE; // DELETING: on its way out, a new run may make another
          };
      String detail = step == Step.FAILED && box.failure() != null ? box.failure() : "";
      return new Line(member.email(), member.name(), step, detail, box.id());
    }
    if (refusal != null) {
      return new Line(member.email(), member.name(), Step.REFUSED, refusal, null);
    }
    return new Line(member.email(), member.name(), Step.NONE, "", null);
  }

  /** Whether every line is settled (nothing queued or provisioning). */
  public static boolean settled(List<Line> lines) {
    return lines.stream().allMatch(line -> line.step().isSettled());
  }
}
