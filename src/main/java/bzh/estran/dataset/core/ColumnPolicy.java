package bzh.estran.dataset.core;

import java.util.Optional;

/**
 * The treatment of one column.
 *
 * @param name the column's header in the raw CSV
 * @param treatment keep, drop, pseudonymise or generalise
 * @param quasiIdentifier whether the column, combined with others, could single a person out (such
 *     columns form the equivalence classes)
 * @param sensitive whether the column holds an attribute that must not be inferable (each class
 *     then needs {@code l} distinct values of it)
 * @param generalisation how values are coarsened, for {@code generalise}
 * @param level {@code auto} (Estran chooses) or the label of one level of the generalisation
 */
public record ColumnPolicy(
    String name,
    Treatment treatment,
    boolean quasiIdentifier,
    boolean sensitive,
    Optional<Generalisation> generalisation,
    String level) {

  /** The level value asking Estran to choose. */
  public static final String AUTO = "auto";

  /** Whether Estran chooses the level. */
  public boolean autoLevel() {
    return AUTO.equals(level);
  }
}
