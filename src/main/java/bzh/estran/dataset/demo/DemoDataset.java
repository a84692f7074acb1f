package bzh.estran.dataset.demo;

import bzh.estran.dataset.core.RawTable;

/**
 * One generated demo dataset: its raw CSV (with direct identifiers, generated again on every open,
 * always the same for a seed) and the policy that anonymises it.
 *
 * @param name the dataset's name in the catalog
 * @param title a one-line title, in French
 * @param policy the policy text (YAML), from {@code src/main/resources/datasets/demo/}
 * @param raw the raw table
 * @param rows the number of data rows {@code raw} holds
 * @param licence the licence of the published versions
 * @param producer who produced the data (fictitious)
 * @param source where it comes from
 * @param period the period covered, {@code 2026-01-05/2026-02-01}
 */
public record DemoDataset(
    String name,
    String title,
    String policy,
    RawTable raw,
    long rows,
    String licence,
    String producer,
    String source,
    String period) {}
