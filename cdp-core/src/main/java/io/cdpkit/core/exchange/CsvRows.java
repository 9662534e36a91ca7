package io.cdpkit.core.exchange;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads CSV records with Jackson's CSV parser: separator detected from the header line unless
 * given, a UTF-8 byte order mark skipped, quoted fields (with separators, quotes and newlines)
 * decoded, blank lines skipped, cells trimmed, the quote {@link FormulaGuard} adds on export removed. Each record carries the line it starts on (the
 * line of its first cell, as the parser reports it).
 */
final class CsvRows implements AutoCloseable {
  private static final CsvMapper MAPPER = new CsvMapper();
  private static final int HEADER_PEEK = 64 * 1024;

  /** One record: the line it starts on and its cells. */
  record Record(long line, List<String> cells) {}

  private final CsvParser parser;

  CsvRows(Reader source, @Nullable Character separator) {
    try {
      BufferedReader reader = new BufferedReader(source);
      reader.mark(1);
      if (reader.read() != '\uFEFF') {
        reader.reset();
      }
      char chosen = separator != null ? separator : detect(reader);
      parser = MAPPER.getFactory().createParser(reader);
      parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(chosen));
      parser.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
      parser.enable(CsvParser.Feature.TRIM_SPACES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The more frequent of comma and semicolon outside quotes in the first line; comma on a tie. */
  private static char detect(BufferedReader reader) throws IOException {
    reader.mark(HEADER_PEEK);
    int commas = 0;
    int semicolons = 0;
    boolean quoted = false;
    for (int i = 0; i < HEADER_PEEK; i++) {
      int c = reader.read();
      if (c < 0 || (!quoted && (c == '\n' || c == '\r'))) {
        break;
      }
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == ',') {
        commas++;
      } else if (!quoted && c == ';') {
        semicolons++;
      }
    }
    reader.reset();
    return semicolons > commas ? ';' : ',';
  }

  /**
   * The next record, or null at the end.
   *
   * @throws IOException when the text is not valid CSV (an unclosed quote, say)
   */
  @Nullable Record next() throws IOException {
    JsonToken token = parser.nextToken();
    while (token != null && token != JsonToken.START_ARRAY) {
      token = parser.nextToken();
    }
    if (token == null) {
      return null;
    }
    long line = -1;
    List<String> cells = new ArrayList<>();
    for (token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (token == null) {
        throw new IOException("the file ends inside a record");
      }
      if (line < 0) {
        line = parser.currentTokenLocation().getLineNr();
      }
      cells.add(FormulaGuard.restore(parser.getText()));
    }
    if (cells.isEmpty() || (cells.size() == 1 && cells.get(0).isEmpty())) {
      return next();
    }
    return new Record(line, cells);
  }

  /** The line the parser has reached, for errors in the text itself. */
  long currentLine() {
    return parser.currentLocation().getLineNr();
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
