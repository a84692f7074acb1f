package bzh.estran.kube.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a repair from turning into a write loop. An object whose write was answered with something
 * that still differs from what was written (a mutating webhook, a field the comparison reads
 * differently from the API server), or that had to be written more than {@code burst} times within
 * {@code window} (something keeps undoing it), is not written again for a while: {@code first},
 * doubling at each new strike up to {@code max}. The caller logs once per episode, when {@link
 * #wrote} answers {@link Verdict#BLOCKED_FIRST}. An episode ends when the object's desired content
 * changes, or when it has not been written for a whole window. Pure and thread-safe; keyed by
 * whatever names one object ({@code kind/namespace/name}).
 */
public final class RepairBackoff {

  /** What a write means for the next ones. */
  public enum Verdict {
    /** Written and as desired: write again whenever it differs. */
    OK,
    /** Not written again before {@link #blockedUntil}: the first time in this episode (log it). */
    BLOCKED_FIRST,
    /** Not written again before {@link #blockedUntil}, as already said. */
    BLOCKED_AGAIN
  }

  private static final int PURGE_ABOVE = 1024;

  private final Duration first;
  private final Duration max;
  private final int burst;
  private final Duration window;
  private final Map<String, Episode> episodes = new HashMap<>();

  private static final class Episode {
    final int desired;
    final Deque<Instant> writes = new ArrayDeque<>();
    int strikes;
    Instant blockedUntil;

    Episode(int desired) {
      this.desired = desired;
    }
  }

  public RepairBackoff(Duration first, Duration max, int burst, Duration window) {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || burst < 1) {
      throw new IllegalArgumentException("first > 0, max >= first and burst >= 1");
    }
    this.first = first;
    this.max = max;
    this.burst = burst;
    this.window = window;
  }

  /**
   * Estran's defaults: 30 s doubling up to an hour; more than 3 writes in 10 minutes is a fight.
   */
  public static RepairBackoff standard() {
    return new RepairBackoff(
        Duration.ofSeconds(30), Duration.ofHours(1), 3, Duration.ofMinutes(10));
  }

  /** Whether the object, wanted with content {@code desired} (a hash), may be written now. */
  public synchronized boolean mayWrite(String key, int desired, Instant now) {
    Episode episode = episodes.get(key);
    return episode == null
        || episode.desired != desired
        || episode.blockedUntil == null
        || !now.isBefore(episode.blockedUntil);
  }

  /** Until when the object is not written, if it is blocked now. */
  public synchronized Optional<Instant> blockedUntil(String key, Instant now) {
    Episode episode = episodes.get(key);
    if (episode == null || episode.blockedUntil == null || !now.isBefore(episode.blockedUntil)) {
      return Optional.empty();
    }
    return Optional.of(episode.blockedUntil);
  }

  /**
   * Records a write of the object and whether the answer was as desired ({@code converged}); says
   * whether it may be written again at once.
   */
  public synchronized Verdict wrote(String key, int desired, boolean converged, Instant now) {
    if (episodes.size() > PURGE_ABOVE) {
      purge(now);
    }
    Episode episode = episodes.get(key);
    if (episode == null || episode.desired != desired || quiet(episode, now)) {
      episode = new Episode(desired);
      episodes.put(key, episode);
    }
    episode.writes.addLast(now);
    while (!episode.writes.isEmpty() && episode.writes.peekFirst().isBefore(now.minus(window))) {
      episode.writes.removeFirst();
    }
    if (converged && episode.writes.size() <= burst) {
      return Verdict.OK;
    }
    episode.strikes++;
    Duration wait = first.multipliedBy(1L << Math.min(episode.strikes - 1, 20));
    episode.blockedUntil = now.plus(wait.compareTo(max) > 0 ? max : wait);
    return episode.strikes == 1 ? Verdict.BLOCKED_FIRST : Verdict.BLOCKED_AGAIN;
  }

  /** How many objects have a write history (for tests and metrics). */
  public synchronized int tracked() {
    return episodes.size();
  }

  /** Forgets the objects not blocked and not written for a whole window. */
  private void purge(Instant now) {
    for (Iterator<Episode> it = episodes.values().iterator(); it.hasNext(); ) {
      Episode episode = it.next();
      if (quiet(episode, now)) {
        it.remove();
      }
    }
  }

  /**
   * Neither written nor blocked for a whole window: the episode is over (a block that just ended is
   * not, or a lasting fight would be logged again after each block).
   */
  private boolean quiet(Episode episode, Instant now) {
    Instant since = now.minus(window);
    return (episode.blockedUntil == null || episode.blockedUntil.isBefore(since))
        && (episode.writes.isEmpty() || episode.writes.peekLast().isBefore(since));
  }
}
