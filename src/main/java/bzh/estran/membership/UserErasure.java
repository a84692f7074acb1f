package bzh.estran.membership;

import bzh.estran.auth.core.Principal;
import bzh.estran.errors.Conflict;
import bzh.estran.errors.Forbidden;
import bzh.estran.errors.NotFound;
import bzh.estran.sandbox.SandboxRetention;
import bzh.estran.tenancy.TenancyDao;
import bzh.estran.tenancy.core.User;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The erasure of a user who left, on a platform admin's request (right to erasure). Their e-mail
 * and name are replaced, their sign-in identities, API tokens, web sessions, memberships, cohort
 * places and data-steward role deleted, their audit entries pseudonymised (the entries stay), their
 * e-mail removed from sandbox events and mail records that quote it, and their ended sandboxes
 * purged as {@link SandboxRetention} does. The quota ledger is not touched and the user's row
 * stays, so every report still adds up: its lines name the erased user's placeholder address.
 *
 * <p>Refused ({@code 409}) while the user has a sandbox that is not yet {@code DELETED} or {@code
 * FAILED}: the documented way is to deactivate them first ({@code POST /users/{id}/deactivate}
 * deletes their sandboxes and refunds the unused minutes), then to erase them once the deletions
 * are done. Also refused for the caller themself and for a platform admin. Erasing again changes
 * nothing more. Everything happens in one transaction.
 */
public final class UserErasure {

  /** The name an erased user is given. */
  public static final String ERASED_NAME = "erased";

  /** What texts that quoted an erased user's address say instead. */
  private static final String QUOTED = "an erased user";

  private final Jdbi jdbi;
  private final Clock clock;

  public UserErasure(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** What an erasure removed or replaced. */
  public record Erased(
      UUID user,
      String email,
      Instant erasedAt,
      int identities,
      int tokens,
      int auditEntries,
      int sandboxesPurged) {}

  /** The placeholder address of an erased user (unique, and of a domain that cannot exist). */
  public static String placeholderEmail(UUID userId) {
    return "erased-" + userId + "@erased.invalid";
  }

  /** Erases the user's personal data (platform admins only). */
  public Erased erase(Principal caller, UUID userId) {
    if (!caller.isPlatformAdmin()) {
      throw new Forbidden("Only a platform admin may do this.");
    }
    Instant now = clock.instant();
    return jdbi.inTransaction(
        handle -> {
          User user =
              handle
                  .attach(TenancyDao.class)
                  .findUser(userId)
                  .orElseThrow(() -> new NotFound("No user " + userId + "."));
          if (user.id().equals(caller.id())) {
            throw new Forbidden("You cannot erase yourself.");
          }
          if (user.platformAdmin()) {
            throw new Conflict("User " + userId + " is a platform admin: they cannot be erased.");
          }
          handle.execute("select 1 from users where id = ? for update", userId);
          List<UUID> running =
              handle
                  .createQuery(
                      "select id from sandboxes where owner_id = :id"
                          + " and state in ('PROVISIONING', 'READY', 'DELETING') order by created_at")
                  .bind("id", userId)
                  .mapTo(UUID.class)
                  .list();
          if (!running.isEmpty()) {
            throw new Conflict(
                "User "
                    + userId
                    + " still has "
                    + running.size()
                    + " sandbox(es) not yet deleted ("
                    + running.get(0)
                    + (running.size() > 1 ? ", …" : "")
                    + "): deactivate them first (POST /api/v1/users/"
                    + userId
                    + "/deactivate deletes their sandboxes and refunds the unused minutes), then"
                    + " erase them once the sandboxes are DELETED.");
          }
          return eraseLocked(handle, user, now);
        });
  }

  private Erased eraseLocked(Handle handle, User user, Instant now) {
    UUID id = user.id();
    String email = user.email();
    boolean already = email.equals(placeholderEmail(id));
    int audit =
        handle
            .createUpdate(
                "update audit_log set actor_email = 'pseudonym:' || actor_id::text, ip = null,"
                    + " user_agent = null where actor_id = :id and (ip is not null"
                    + " or user_agent is not null or actor_email is null"
                    + " or actor_email not like 'pseudonym:%')")
            .bind("id", id)
            .execute();
    if (!already) {
      audit +=
          handle
              .createUpdate(
                  "update audit_log set actor_email = null, ip = null, user_agent = null"
                      + " where actor_id is null and lower(actor_email) = lower(:email)")
              .bind("email", email)
              .execute();
      // their address where texts quote it: "Deletion requested by <e-mail>." and the like
      handle
          .createUpdate(
              "update sandbox_events set message = replace(message, :email, :erased)"
                  + " where strpos(message, :email) > 0")
          .bind("email", email)
          .bind("erased", QUOTED)
          .execute();
      handle
          .createUpdate(
              "update notices set detail = replace(detail, :email, :erased)"
                  + " where strpos(detail, :email) > 0")
          .bind("email", email)
          .bind("erased", QUOTED)
          .execute();
      handle
          .createUpdate("delete from web_class_refusals where lower(member_email) = lower(:email)")
          .bind("email", email)
          .execute();
    }
    List<UUID> ended =
        handle
            .createQuery("select id from sandboxes where owner_id = :id and purged_at is null")
            .bind("id", id)
            .mapTo(UUID.class)
            .list();
    int purged = SandboxRetention.purge(handle, ended, now);
    int identities = deleteOf(handle, "user_identities", id);
    int tokens = deleteOf(handle, "api_tokens", id);
    deleteOf(handle, "web_sessions", id);
    deleteOf(handle, "memberships", id);
    deleteOf(handle, "cohort_members", id);
    deleteOf(handle, "data_stewards", id);
    Instant erasedAt =
        handle
            .createQuery(
                "update users set email = :placeholder, name = :name, language = 'fr',"
                    + " active = false, erased_at = coalesce(erased_at, :now) where id = :id"
                    + " returning erased_at")
            .bind("placeholder", placeholderEmail(id))
            .bind("name", ERASED_NAME)
            .bind("now", now)
            .bind("id", id)
            .mapTo(Instant.class)
            .one();
    return new Erased(id, placeholderEmail(id), erasedAt, identities, tokens, audit, purged);
  }

  /** Whether the user was erased. */
  static boolean isErased(Handle handle, UUID userId) {
    return handle
        .createQuery("select erased_at is not null from users where id = :id")
        .bind("id", userId)
        .mapTo(Boolean.class)
        .findOne()
        .orElse(false);
  }

  private static int deleteOf(Handle handle, String table, UUID userId) {
    return handle
        .createUpdate("delete from " + table + " where user_id = :id")
        .bind("id", userId)
        .execute();
  }
}
