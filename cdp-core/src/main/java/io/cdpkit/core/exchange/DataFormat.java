package io.cdpkit.core.exchange;

import java.util.Locale;
import java.util.Objects;

/** The file formats of import and export. */
public enum DataFormat {
  /** Comma- or semicolon-separated values with a header row, UTF-8. */
  CSV,
  /** One JSON object per line, UTF-8, in the shapes of {@code data-formats.md}. */
  JSON_LINES;

  /**
   * The format a file name suggests: {@code .jsonl}, {@code .ndjson} and {@code .json} mean JSON
   * Lines, anything else CSV.
   */
  public static DataFormat fromFileName(String fileName) {
    String lower = Objects.requireNonNull(fileName, "fileName").toLowerCase(Locale.ROOT);
    return lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")
        ? JSON_LINES
        : CSV;
  }
}
