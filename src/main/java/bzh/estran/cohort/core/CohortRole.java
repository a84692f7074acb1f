package bzh.estran.cohort.core;

/** A user's place in a cohort: a member (a student, a startup) or one of its managers. */
public enum CohortRole {
  MEMBER("member"),
  MANAGER("manager");

  private final String wire;

  CohortRole(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static CohortRole parse(String text) {
    return text.equals("manager") ? MANAGER : MEMBER;
  }
}
