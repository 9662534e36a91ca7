package io.cdpkit.core.exchange;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.cdpkit.core.internal.AttributeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Writes rows as CSV (Jackson's CSV generator, header first, quoting as needed, cells that a
 * spreadsheet would run as formulas neutralised by {@link FormulaGuard}) or JSON Lines, streaming,
 * without closing the target writer.
 */
final class RowWriter {
  private static final CsvMapper CSV = new CsvMapper();
  private static final ObjectMapper JSON = AttributeJson.mapper();
  private static final int PROGRESS_EVERY = 1_000;

  private final Writer out;
  private final LongConsumer progress;
  private final @Nullable JsonGenerator csv;
  private long rows;

  private RowWriter(Writer out, LongConsumer progress, @Nullable JsonGenerator csv) {
    this.out = out;
    this.progress = progress;
    this.csv = csv;
  }

  static RowWriter csv(Writer out, List<String> header, char separator, LongConsumer progress) {
    try {
      CsvGenerator generator = CSV.getFactory().createGenerator(out);
      generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      generator.setSchema(CsvSchema.emptySchema().withColumnSeparator(separator));
      RowWriter writer = new RowWriter(out, progress, generator);
      writer.cells(header);
      return writer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RowWriter jsonLines(Writer out, LongConsumer progress) {
    return new RowWriter(out, progress, null);
  }

  void csvRow(List<String> cells) {
    cells(cells);
    counted();
  }

  private void cells(List<String> cells) {
    if (csv == null) {
      throw new IllegalStateException("a JSON Lines writer writes no CSV rows");
    }
    try {
      csv.writeStartArray();
      for (String cell : cells) {
        csv.writeString(FormulaGuard.neutralise(cell));
      }
      csv.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void jsonRow(JsonNode object) {
    try {
      out.write(JSON.writeValueAsString(object));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    counted();
  }

  private void counted() {
    rows++;
    if (rows % PROGRESS_EVERY == 0) {
      progress.accept(rows);
    }
  }

  /** Flushes; returns the number of rows written. */
  long finish() {
    try {
      if (csv != null) {
        csv.flush();
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    progress.accept(rows);
    return rows;
  }
}
