package bzh.estran.web;

import java.util.List;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/** Sends rows as a CSV file to download, with the same columns as the API's {@code format=csv}. */
final class CsvDownload {

  private final CsvMapper csv =
      CsvMapper.builder()
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(CsvWriteFeature.STRICT_CHECK_FOR_QUOTING)
          .build();

  <T> void send(WebRequest request, String filename, Class<T> rowType, List<T> rows) {
    CsvSchema schema = csv.schemaFor(rowType).withHeader();
    request
        .ctx()
        .contentType("text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
        .result(csv.writer(schema).writeValueAsString(rows));
  }
}
