package bzh.estran.audit.core;

import java.util.List;

/**
 * A page of audit entries, newest first.
 *
 * @param next the value of {@code before} that fetches the following page; null on the last one
 */
public record AuditPage(List<AuditEntry> entries, Long next) {

  public AuditPage {
    entries = List.copyOf(entries);
  }
}
