package bzh.estran.cli;

/** How results are printed: a table for people, JSON or YAML for scripts ({@code -o}). */
public enum OutputFormat {
  table,
  json,
  yaml
}
