package bzh.estran.catalog.core;

/**
 * One non-empty YAML document of a manifest file.
 *
 * @param firstLine the file line on which {@code text} begins (1-based)
 * @param text the document's lines, without its separators
 */
record ManifestDocument(String file, int firstLine, String text) {

  /** The file line of a 1-based line of {@link #text}; the first line when unknown. */
  int fileLine(int documentLine) {
    return documentLine > 0 ? firstLine + documentLine - 1 : firstLine;
  }
}
