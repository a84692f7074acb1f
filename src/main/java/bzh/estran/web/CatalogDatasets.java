package bzh.estran.web;

import bzh.estran.auth.core.Principal;
import bzh.estran.dataset.DatasetService;
import java.util.List;

/**
 * The pages' view of the dataset catalog: the newest published, non-withdrawn version of each
 * dataset, exactly as {@code GET /api/v1/datasets} lists them for the same caller.
 */
public final class CatalogDatasets implements DatasetListing {

  private final DatasetService datasets;

  public CatalogDatasets(DatasetService datasets) {
    this.datasets = datasets;
  }

  @Override
  public List<Dataset> visibleTo(Principal caller) {
    return datasets.catalog(caller).stream()
        .flatMap(
            entry ->
                entry.latest().stream()
                    .map(
                        version ->
                            new Dataset(
                                entry.dataset().name(),
                                entry.dataset().title(),
                                entry.dataset().description(),
                                Integer.toString(version.version()),
                                version.licence())))
        .toList();
  }
}
