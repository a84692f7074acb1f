package bzh.estran.dataset.core;

import java.time.LocalDate;

/** Where a dataset comes from: who produced it, from what source, over which period. */
public record Provenance(
    String producer, String source, LocalDate periodFrom, LocalDate periodTo) {}
