package bzh.estran.tenancy.core;

import java.util.Arrays;
import java.util.Optional;

/** What kind of member of the pool an institution is. */
public enum InstitutionKind {
  UNIVERSITY("university"),
  INCUBATOR("incubator"),
  PUBLIC_BODY("public-body"),
  COMPANY("company");

  private final String wire;

  InstitutionKind(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<InstitutionKind> parse(String text) {
    return Arrays.stream(values()).filter(kind -> kind.wire.equals(text)).findFirst();
  }
}
