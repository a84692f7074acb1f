package bzh.estran.audit.core;

import java.util.UUID;

/**
 * A state-changing request as the HTTP layer saw it, before it is written to the audit log. It
 * carries no request or response body, no header but the user agent and no query string: those are
 * where tokens and passwords travel.
 *
 * @param actorId the authenticated user, or null when the request was not authenticated
 * @param actorEmail that user's e-mail, or null
 * @param action the method and the matched route, e.g. {@code POST /api/v1/sandboxes/{id}/extend}
 * @param target the path parameters as text, e.g. {@code id=0f8c...}; null when there are none
 * @param institution how to tell which institution the request concerned
 * @param status the HTTP status answered
 * @param ip the address the request came from
 * @param userAgent the client's user agent, cut to {@link #MAX_USER_AGENT} characters
 */
public record AuditEvent(
    UUID actorId,
    String actorEmail,
    String action,
    String target,
    InstitutionHint institution,
    int status,
    String ip,
    String userAgent) {

  public static final int MAX_USER_AGENT = 200;
  public static final int MAX_TEXT = 500;

  public AuditEvent {
    action = cut(action, MAX_TEXT);
    target = cut(target, MAX_TEXT);
    ip = cut(ip, MAX_TEXT);
    userAgent = cut(userAgent, MAX_USER_AGENT);
    institution = institution == null ? InstitutionHint.NONE : institution;
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }

  /** What the request tells of the institution it concerned; the audit log resolves it to an id. */
  public sealed interface InstitutionHint {

    InstitutionHint NONE = new Unknown();

    /** Nothing: the request concerned no institution, or none could be told. */
    record Unknown() implements InstitutionHint {}

    /** The institution is known by id (a route said so). */
    record Known(UUID id) implements InstitutionHint {}

    /** The institution named by a slug (a path parameter, or the created resource). */
    record Slug(String slug) implements InstitutionHint {}

    /** The institution of a sandbox. */
    record OfSandbox(UUID sandboxId) implements InstitutionHint {}

    /** The institution of a cohort. */
    record OfCohort(UUID cohortId) implements InstitutionHint {}
  }
}
