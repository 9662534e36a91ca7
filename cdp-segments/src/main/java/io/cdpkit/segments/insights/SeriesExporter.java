package io.cdpkit.segments.insights;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.cdpkit.core.exchange.DataFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes time series as CSV (Jackson's CSV generator, a header row, comma separated) or JSON Lines,
 * streaming a bucket at a time, one row per bucket of each series in order. The columns are
 * {@code series} (the name), {@code start} (the bucket's first instant, ISO-8601 UTC) and {@code
 * value} (a plain decimal; a JSON number in JSON Lines); choose any of them in any order. Immutable
 * and thread-safe.
 *
 * <pre>{@code
 * try (Writer out = Files.newBufferedWriter(Path.of("daily.csv"))) {
 *   SeriesExporter.of(List.of("start", "value")).write(List.of(insights.series(query)), out, DataFormat.CSV);
 * }
 * }</pre>
 */
public final class SeriesExporter {
  /** Every column, the default order. */
  public static final List<String> COLUMNS = List.of("series", "start", "value");

  private static final CsvFactory CSV = new CsvFactory();
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<String> KNOWN = Set.copyOf(COLUMNS);

  private final List<String> columns;

  private SeriesExporter(List<String> columns) {
    this.columns = List.copyOf(columns);
    if (this.columns.isEmpty()) {
      throw new IllegalArgumentException("choose at least one column of " + COLUMNS);
    }
    for (String column : this.columns) {
      if (!KNOWN.contains(column)) {
        throw new IllegalArgumentException("unknown series column '" + column + "', expected one of " + COLUMNS);
      }
    }
  }

  /** An exporter of every column. */
  public static SeriesExporter of() {
    return new SeriesExporter(COLUMNS);
  }

  /** An exporter of these columns, in this order. */
  public static SeriesExporter of(List<String> columns) {
    return new SeriesExporter(Objects.requireNonNull(columns, "columns"));
  }

  /**
   * Writes the series; flushes but does not close {@code out}.
   *
   * @return the number of rows written (without the CSV header)
   * @throws UncheckedIOException when writing fails
   */
  public long write(List<Series> series, Writer out, DataFormat format) {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(out, "out");
    try (JsonGenerator generator = generator(out, Objects.requireNonNull(format, "format"))) {
      if (format == DataFormat.CSV) {
        generator.writeStartArray();
        for (String column : columns) {
          generator.writeString(column);
        }
        generator.writeEndArray();
      }
      long rows = 0;
      for (Series one : series) {
        for (Bucket bucket : one.buckets()) {
          row(generator, format, one.name(), bucket);
          rows++;
        }
      }
      generator.flush();
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonGenerator generator(Writer out, DataFormat format) throws IOException {
    JsonGenerator generator;
    if (format == DataFormat.CSV) {
      generator = CSV.createGenerator(out);
      generator.setSchema(CsvSchema.emptySchema().withColumnSeparator(','));
    } else {
      generator = JSON.createGenerator(out);
      generator.setPrettyPrinter(new MinimalPrettyPrinter(""));
    }
    generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return generator;
  }

  private void row(JsonGenerator generator, DataFormat format, String name, Bucket bucket) throws IOException {
    BigDecimal value = bucket.value().stripTrailingZeros();
    if (value.scale() < 0) {
      value = value.setScale(0);
    }
    if (format == DataFormat.CSV) {
      generator.writeStartArray();
      for (String column : columns) {
        generator.writeString(cell(column, name, bucket, value));
      }
      generator.writeEndArray();
      return;
    }
    generator.writeStartObject();
    for (String column : columns) {
      if (column.equals("value")) {
        generator.writeNumberField(column, value);
      } else {
        generator.writeStringField(column, cell(column, name, bucket, value));
      }
    }
    generator.writeEndObject();
    generator.writeRaw('\n');
  }

  private static String cell(String column, String name, Bucket bucket, BigDecimal value) {
    switch (column) {
      case "series":
        return name;
      case "start":
        return bucket.start().toString();
      default:
        return value.toPlainString();
    }
  }
}
