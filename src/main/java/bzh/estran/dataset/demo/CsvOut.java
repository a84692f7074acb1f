package bzh.estran.dataset.demo;

import java.io.Writer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/** Writes demo rows as CSV, quoted where needed. */
final class CsvOut implements AutoCloseable {

  private static final CsvMapper MAPPER =
      CsvMapper.builder().enable(CsvWriteFeature.STRICT_CHECK_FOR_QUOTING).build();

  private final JsonGenerator generator;

  CsvOut(Writer writer) {
    this.generator = MAPPER.createGenerator(writer);
  }

  void row(String... values) {
    generator.writeStartArray();
    for (String value : values) {
      generator.writeString(value);
    }
    generator.writeEndArray();
  }

  @Override
  public void close() {
    generator.close();
  }
}
