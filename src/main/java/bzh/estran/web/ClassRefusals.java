package bzh.estran.web;

import bzh.estran.sandbox.SandboxService.Refused;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The members the last bulk provisioning of a cohort (started from its page) refused, and why: kept
 * in {@code web_class_refusals} (V13) so the progress page shows them after the redirect. The
 * caller has already been checked by {@code SandboxService.createForCohort}.
 */
public final class ClassRefusals {

  /** One refused member. */
  record Row(String memberEmail, String message) {}

  @RegisterConstructorMapper(Row.class)
  interface Dao {
    @SqlUpdate("delete from web_class_refusals where cohort_id = :cohortId")
    void clear(@Bind("cohortId") UUID cohortId);

    @SqlUpdate(
        "insert into web_class_refusals (cohort_id, member_email, code, message, at)"
            + " values (:cohortId, :email, :code, :message, :at)")
    void insert(
        @Bind("cohortId") UUID cohortId,
        @Bind("email") String email,
        @Bind("code") String code,
        @Bind("message") String message,
        @Bind("at") Instant at);

    @SqlQuery(
        "select member_email, message from web_class_refusals where cohort_id = :cohortId"
            + " order by member_email")
    List<Row> of(@Bind("cohortId") UUID cohortId);
  }

  private final Jdbi jdbi;
  private final Clock clock;

  public ClassRefusals(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Replaces the cohort's refusals by those of the run that just ended, each said in the language
   * of the page that started the run.
   */
  void replace(UUID cohortId, List<Refused> refused, Page page) {
    Instant now = clock.instant();
    jdbi.useTransaction(
        handle -> {
          Dao dao = handle.attach(Dao.class);
          dao.clear(cohortId);
          for (Refused r : refused) {
            dao.insert(cohortId, r.member(), r.code(), page.problem(r.sentence()), now);
          }
        });
  }

  /** Member e-mail to the reason of their refusal in the cohort's last run. */
  Map<String, String> of(UUID cohortId) {
    return jdbi.withExtension(Dao.class, dao -> dao.of(cohortId)).stream()
        .collect(Collectors.toMap(Row::memberEmail, Row::message));
  }
}
