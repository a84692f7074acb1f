package bzh.estran.sandbox;

import bzh.estran.notify.NoticeSubjects;
import bzh.estran.notify.core.Notice;
import bzh.estran.sandbox.core.SandboxEvent;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Tells notices what they need about a sandbox and its owner, and records warnings as events. */
public final class SandboxNoticeSubjects implements NoticeSubjects {

  @Override
  public Optional<Subject> find(Handle handle, UUID sandboxId) {
    return handle
        .createQuery(
            "select s.name, s.namespace, s.state, s.created_at, s.expires_at,"
                + " u.email, u.name as owner_name, u.language"
                + " from sandboxes s join users u on u.id = s.owner_id where s.id = :id")
        .bind("id", sandboxId)
        .map(
            (rs, ctx) ->
                new Subject(
                    rs.getString("name"),
                    rs.getString("namespace"),
                    rs.getString("state").equals("PROVISIONING")
                        || rs.getString("state").equals("READY"),
                    bzh.estran.db.Rows.instant(rs, "created_at"),
                    bzh.estran.db.Rows.instant(rs, "expires_at"),
                    new Notice.Recipient(
                        rs.getString("email"),
                        rs.getString("owner_name"),
                        rs.getString("language"))))
        .findOne();
  }

  @Override
  public void recordWarning(Handle handle, UUID sandboxId, Instant at, String message) {
    handle.attach(SandboxDao.class).addEvent(sandboxId, at, SandboxEvent.EXPIRY_WARNING, message);
  }
}
