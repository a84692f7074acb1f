package bzh.estran.dataset.core;

/** A published column: its name, its type and the treatment the policy gave it. */
public record ColumnInfo(String name, String type, String treatment) {}
