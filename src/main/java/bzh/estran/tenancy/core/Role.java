package bzh.estran.tenancy.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * A user's role in one institution. Platform admin is not a role here: it is global, on the user.
 */
public enum Role {
  MEMBER("member"),
  COHORT_MANAGER("cohort-manager"),
  INSTITUTION_ADMIN("institution-admin");

  private final String wire;

  Role(String wire) {
    this.wire = wire;
  }

  /** The name used in the API and the database. */
  public String wire() {
    return wire;
  }

  public static Optional<Role> parse(String text) {
    return Arrays.stream(values()).filter(role -> role.wire.equals(text)).findFirst();
  }
}
