package bzh.estran.web;

import bzh.estran.auth.core.Principal;
import java.util.List;

/**
 * The published datasets a caller may pick for a sandbox, as the catalog and request pages show
 * them. The dataset feature provides the real one; until then, {@link #NONE}.
 */
@FunctionalInterface
public interface DatasetListing {

  /** One published dataset, as a page shows it. */
  record Dataset(String name, String title, String description, String version, String licence) {}

  List<Dataset> visibleTo(Principal caller);

  /** No dataset is published. */
  DatasetListing NONE = caller -> List.of();
}
