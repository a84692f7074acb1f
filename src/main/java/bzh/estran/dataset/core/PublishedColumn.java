package bzh.estran.dataset.core;

/**
 * A column of the published CSV.
 *
 * @param name its header
 * @param type {@code string}, {@code integer}, {@code number}, {@code timestamp}, {@code date} or
 *     {@code category} (what the values look like once treated)
 * @param treatment {@code keep}, {@code pseudonymise} or {@code generalise:<level>}
 */
public record PublishedColumn(String name, String type, String treatment) {}
