package bzh.estran.kube.core;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Optional;

/** Where a loader Job stands, read from its status: running, succeeded, or failed with why. */
public record LoaderStatus(State state, String reason) {

  public enum State {
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  /** The status of a Job as read from the cluster (missing: not started yet, so running). */
  public static LoaderStatus of(Optional<Job> job) {
    if (job.isEmpty() || job.get().getStatus() == null) {
      return new LoaderStatus(State.RUNNING, null);
    }
    var status = job.get().getStatus();
    List<JobCondition> conditions =
        status.getConditions() == null ? List.of() : status.getConditions();
    for (JobCondition condition : conditions) {
      if ("True".equals(condition.getStatus()) && "Failed".equals(condition.getType())) {
        String why =
            condition.getMessage() != null ? condition.getMessage() : condition.getReason();
        return new LoaderStatus(State.FAILED, why == null ? "the Job failed" : why);
      }
      if ("True".equals(condition.getStatus()) && "Complete".equals(condition.getType())) {
        return new LoaderStatus(State.SUCCEEDED, null);
      }
    }
    if (status.getSucceeded() != null && status.getSucceeded() > 0) {
      return new LoaderStatus(State.SUCCEEDED, null);
    }
    return new LoaderStatus(State.RUNNING, null);
  }
}
