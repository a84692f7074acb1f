package bzh.estran.dataset.core;

import java.io.Closeable;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * A raw CSV read record by record from Jackson's streaming CSV parser: nothing but the current
 * record is held. Each record must have as many fields as the header. Not thread-safe: one thread
 * reads it at a time.
 */
final class CsvRows implements Closeable {

  private static final CsvMapper MAPPER =
      CsvMapper.builder().enable(CsvReadFeature.WRAP_AS_ARRAY).build();

  private final JsonParser parser;
  private final String[] header;
  private long line = 1;

  CsvRows(Reader reader) {
    try {
      this.parser = MAPPER.createParser(reader);
      List<String> names = new ArrayList<>();
      if (!readInto(names)) {
        throw new RawDataException(1, "the CSV is empty: a header row is expected");
      }
      this.header = names.toArray(String[]::new);
    } catch (JacksonException e) {
      throw new RawDataException(1, "unreadable CSV header: " + e.getOriginalMessage());
    }
  }

  /** The header's column names, in order. */
  String[] header() {
    return header.clone();
  }

  /** The line of the record last read (the header is line 1). */
  long line() {
    return line;
  }

  /**
   * Reads the next record into {@code fields} (as many as the header); false at the end.
   *
   * @throws RawDataException when the record has not as many fields as the header
   */
  boolean next(String[] fields) {
    try {
      while (true) {
        JsonToken token = parser.nextToken();
        if (token == null || token == JsonToken.END_ARRAY) {
          return false;
        }
        if (token != JsonToken.START_ARRAY) {
          throw new RawDataException(line + 1, "malformed CSV record");
        }
        int count = 0;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
          if (token == null) {
            throw new RawDataException(line, "the CSV ends inside a record");
          }
          if (count == 0) {
            line = parser.currentTokenLocation().getLineNr();
          }
          if (count < fields.length) {
            fields[count] = parser.getString();
          }
          count++;
        }
        if (count == 1 && fields.length > 1 && fields[0].isEmpty()) {
          continue; // a blank line
        }
        if (count != fields.length) {
          throw new RawDataException(
              line, "the record has " + count + " fields, the header " + fields.length);
        }
        return true;
      }
    } catch (JacksonException e) {
      throw new RawDataException(line + 1, "malformed CSV: " + e.getOriginalMessage());
    }
  }

  private boolean readInto(List<String> names) {
    JsonToken token = parser.nextToken(); // the array of all records
    if (token == JsonToken.START_ARRAY) {
      token = parser.nextToken();
    }
    if (token != JsonToken.START_ARRAY) {
      return false;
    }
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
      names.add(parser.getString());
    }
    return !names.isEmpty();
  }

  @Override
  public void close() {
    parser.close();
  }
}
