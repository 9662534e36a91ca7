package io.cdpkit.core.exchange;

import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * How to write an export.
 *
 * @param format CSV (with a header row) or JSON Lines
 * @param columns for CSV, the columns in order; empty means the exporter's default columns. For
 *     JSON Lines of profiles, the attribute columns among them limit which attributes are written
 *     (empty: all); other shapes ignore them
 * @param separator the CSV separator, {@code ','} or {@code ';'}
 * @param progress hears the number of rows written so far, every 1,000 rows and at the end
 */
public record ExportOptions(
    DataFormat format, List<String> columns, char separator, LongConsumer progress) {

  public ExportOptions {
    Objects.requireNonNull(format, "format");
    columns = List.copyOf(columns);
    for (String column : columns) {
      if (column.isBlank()) {
        throw new IllegalArgumentException("columns must not contain a blank name: " + columns);
      }
    }
    if (separator != ',' && separator != ';') {
      throw new IllegalArgumentException("separator must be ',' or ';', was '" + separator + "'");
    }
    Objects.requireNonNull(progress, "progress");
  }

  /** The format with default columns, comma separator and no progress. */
  public static ExportOptions of(DataFormat format) {
    return new ExportOptions(format, List.of(), ',', rows -> {});
  }

  /** The same options with these columns. */
  public ExportOptions withColumns(List<String> newColumns) {
    return new ExportOptions(format, newColumns, separator, progress);
  }

  /** The same options with this separator. */
  public ExportOptions withSeparator(char newSeparator) {
    return new ExportOptions(format, columns, newSeparator, progress);
  }

  /** The same options with this progress listener. */
  public ExportOptions withProgress(LongConsumer newProgress) {
    return new ExportOptions(format, columns, separator, newProgress);
  }
}
