package bzh.estran.notify;

import bzh.estran.notify.core.ExpiryWarnings;
import bzh.estran.notify.core.Mail;
import bzh.estran.notify.core.Notice;
import bzh.estran.notify.core.NoticeComposer;
import bzh.estran.notify.core.NoticeKind;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expiry warnings and lifecycle mails through an outbox. Callers add notices inside the transaction
 * of the change they announce ({@link #scheduleWarnings}, {@link #announce}); {@link #dispatchDue}
 * sends what is due, one notice per transaction holding its row lock, and marks it. Each notice is
 * sent once, by one replica, also after a restart; an SMTP failure is retried with a growing delay,
 * never dropped. A warning also becomes a sandbox event, mail or not.
 */
public final class Notices {

  private static final Logger LOG = LoggerFactory.getLogger(Notices.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
  private static final Duration LAST_RETRY = Duration.ofMinutes(30);
  private static final int BATCH = 100;

  private final Jdbi jdbi;
  private final NoticeSubjects subjects;
  private final NoticeComposer composer;
  private final MailSender sender;
  private final ExpiryWarnings warnings;
  private final Duration slowProvisioning;
  private final MeterRegistry meters;

  public Notices(
      Jdbi jdbi,
      NoticeSubjects subjects,
      NoticeComposer composer,
      MailSender sender,
      ExpiryWarnings warnings,
      Duration slowProvisioning,
      MeterRegistry meters) {
    this.jdbi = jdbi;
    this.subjects = subjects;
    this.composer = composer;
    this.sender = sender;
    this.warnings = warnings;
    this.slowProvisioning = slowProvisioning;
    this.meters = meters;
  }

  /**
   * Schedules the warnings of a new expiry (at creation or extension), in the caller's transaction:
   * one per configured lead still ahead of {@code now}. Warnings of an earlier expiry lapse.
   */
  public void scheduleWarnings(Handle handle, UUID sandboxId, Instant expiresAt, Instant now) {
    NoticeDao dao = handle.attach(NoticeDao.class);
    for (Duration lead : warnings.ahead(expiresAt, now)) {
      dao.insert(
          UUID.randomUUID(),
          sandboxId,
          NoticeKind.EXPIRY_WARNING,
          expiresAt.minus(lead),
          expiresAt,
          lead.toString(),
          null,
          now);
    }
  }

  /** A new sandbox's expiry, whose warnings to schedule. */
  public record Expiry(UUID sandboxId, Instant expiresAt) {}

  /**
   * Like {@link #scheduleWarnings} for several new sandboxes, in one JDBC batch (an admission
   * group's).
   */
  public void scheduleWarnings(Handle handle, List<Expiry> expiries, Instant now) {
    PreparedBatch batch = handle.prepareBatch(NoticeDao.INSERT);
    for (Expiry expiry : expiries) {
      for (Duration lead : warnings.ahead(expiry.expiresAt(), now)) {
        batch
            .bind("id", UUID.randomUUID())
            .bind("sandboxId", expiry.sandboxId())
            .bind("kind", NoticeKind.EXPIRY_WARNING)
            .bind("dueAt", expiry.expiresAt().minus(lead))
            .bind("expiresAt", expiry.expiresAt())
            .bind("lead", lead.toString())
            .bindNull("detail", java.sql.Types.VARCHAR)
            .bind("now", now)
            .add();
      }
    }
    if (batch.size() > 0) {
      batch.execute();
    }
  }

  /**
   * Queues a lifecycle mail (at most one of each kind per sandbox), in the caller's transaction.
   */
  public void announce(Handle handle, UUID sandboxId, NoticeKind kind, String detail, Instant now) {
    if (kind == NoticeKind.EXPIRY_WARNING) {
      throw new IllegalArgumentException("warnings are scheduled, not announced");
    }
    handle
        .attach(NoticeDao.class)
        .insert(UUID.randomUUID(), sandboxId, kind, now, null, null, detail, now);
  }

  /** Announces a sandbox that became READY, if its provisioning took long enough to tell. */
  public void announceReady(Handle handle, UUID sandboxId, Duration took, Instant now) {
    if (took.compareTo(slowProvisioning) > 0) {
      announce(handle, sandboxId, NoticeKind.READY_AFTER_WAIT, null, now);
    }
  }

  /** Handles every notice due by {@code now}; returns how many were sent, skipped or dropped. */
  public int dispatchDue(Instant now) {
    int handled = 0;
    while (handled < BATCH && jdbi.inTransaction(handle -> dispatchNext(handle, now))) {
      handled++;
    }
    return handled;
  }

  private boolean dispatchNext(Handle handle, Instant now) {
    NoticeDao dao = handle.attach(NoticeDao.class);
    Optional<NoticeDao.Row> next = dao.lockNextDue(now);
    if (next.isEmpty()) {
      return false;
    }
    NoticeDao.Row row = next.get();
    Optional<NoticeSubjects.Subject> subject = subjects.find(handle, row.sandboxId());
    if (subject.isEmpty() || obsolete(dao, row, subject.get(), now)) {
      dao.finish(row.id(), "OBSOLETE", false, now);
      return true;
    }
    boolean event = row.eventWritten();
    if (row.kind() == NoticeKind.EXPIRY_WARNING && !event) {
      subjects.recordWarning(handle, row.sandboxId(), now, warningEvent(row, now));
      event = true;
    }
    if (!sender.enabled()) {
      dao.finish(row.id(), "SKIPPED", event, now);
      return true;
    }
    NoticeSubjects.Subject about = subject.get();
    Mail mail = composer.compose(notice(row, about, now));
    try {
      sender.send(about.owner().name(), about.owner().email(), mail, messageId(row));
      dao.finish(row.id(), "SENT", event, now);
      meters.counter("estran.notices.sent", "kind", row.kind().name()).increment();
    } catch (MailSender.Failure e) {
      Duration wait = retryAfter(row.attempts() + 1);
      LOG.warn(
          "Mail {} ({}) not sent, attempt {}: {}; retrying in {}",
          row.id(),
          row.kind(),
          row.attempts() + 1,
          e.getMessage(),
          wait);
      dao.failedAttempt(row.id(), now.plus(wait), e.getMessage(), event);
      meters.counter("estran.notices.failures", "kind", row.kind().name()).increment();
    }
    return true;
  }

  /**
   * A warning is obsolete once its sandbox ended, its expiry moved or passed, or a later warning of
   * the same expiry is due too (Estran was down): the owner gets the latest one only.
   */
  private static boolean obsolete(
      NoticeDao dao, NoticeDao.Row row, NoticeSubjects.Subject subject, Instant now) {
    if (row.kind() != NoticeKind.EXPIRY_WARNING) {
      return false;
    }
    return !subject.live()
        || !subject.expiresAt().equals(row.expiresAt())
        || !now.isBefore(row.expiresAt())
        || dao.laterWarningDue(row.sandboxId(), row.expiresAt(), row.dueAt(), now);
  }

  private static String warningEvent(NoticeDao.Row row, Instant now) {
    long minutes = Math.max(1, Duration.between(now, row.expiresAt()).toMinutes());
    return "Expires at "
        + row.expiresAt()
        + " (in "
        + (minutes >= 60 ? minutes / 60 + " h" : minutes + " min")
        + "): extend it or save your work.";
  }

  private static Notice notice(NoticeDao.Row row, NoticeSubjects.Subject subject, Instant now) {
    return new Notice(
        row.id(),
        row.kind(),
        subject.owner(),
        row.sandboxId(),
        subject.name(),
        subject.namespace(),
        subject.createdAt(),
        subject.expiresAt(),
        row.detail(),
        now);
  }

  private static String messageId(NoticeDao.Row row) {
    return "<notice-" + row.id() + "@estran>";
  }

  /** 30 s after the first failure, doubling, at most 30 min. */
  static Duration retryAfter(int attempt) {
    Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempt - 1, 10));
    return wait.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait;
  }
}
