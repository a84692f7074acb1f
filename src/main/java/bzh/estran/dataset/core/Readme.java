package bzh.estran.dataset.core;

/** The {@code README} written next to a loaded {@code data.csv}: what it is and on what terms. */
public final class Readme {

  private Readme() {}

  public static String of(Dataset dataset, DatasetVersion version) {
    StringBuilder text = new StringBuilder();
    text.append(dataset.title()).append(" (").append(version.ref()).append(")\n\n");
    text.append(dataset.description()).append("\n\n");
    text.append("Licence / licence : ").append(version.licence()).append('\n');
    Provenance p = version.provenance();
    text.append("Producer / producteur : ").append(p.producer()).append('\n');
    text.append("Source : ").append(p.source()).append('\n');
    text.append("Period covered / période couverte : ")
        .append(p.periodFrom())
        .append(" – ")
        .append(p.periodTo())
        .append('\n');
    text.append("Published / publié le : ").append(version.publishedAt()).append('\n');
    text.append("Rows / lignes : ").append(version.rows()).append('\n');
    text.append("SHA-256 (data.csv) : ").append(version.sha256()).append("\n\n");
    text.append("Columns / colonnes (name, type, treatment):\n");
    for (ColumnInfo column : version.columns()) {
      text.append("- ")
          .append(column.name())
          .append(" (")
          .append(column.type())
          .append("): ")
          .append(column.treatment())
          .append('\n');
    }
    text.append(
        "\nAnonymised by Estran: no row can be traced back to a person. Do not try to"
            + " re-identify anyone.\nAnonymisé par Estran : ne tentez pas de ré-identifier qui que"
            + " ce soit.\n");
    return text.toString();
  }
}
